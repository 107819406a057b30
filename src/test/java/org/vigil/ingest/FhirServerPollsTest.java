package org.vigil.ingest;

import java.util.Date;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.vigil.state.MongoPollWatermarks;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.vigil.testsupport.InMemoryMongo;

import static org.assertj.core.api.Assertions.assertThat;

class FhirServerPollsTest {

    @RegisterExtension
    final InMemoryMongo mongo = new InMemoryMongo();

    private FhirServerPolls polls() {
        return new FhirServerPolls(new MongoPollWatermarks(mongo.client(), "vigil", "state"), "http://fhir", 10, "2020-01-01T00:00:00Z");
    }

    private static Bundle page(Object... idAndMillis) {
        Bundle bundle = new Bundle();
        for (int i = 0; i < idAndMillis.length; i += 2) {
            Observation o = new Observation();
            o.setId("http://fhir/Observation/" + idAndMillis[i] + "/_history/1");
            o.getMeta().setLastUpdated(new Date((Long) idAndMillis[i + 1]));
            bundle.addEntry().setResource(o);
        }
        return bundle;
    }

    private static List<String> ids(List<Resource> resources) {
        return resources.stream().map(r -> r.getIdElement().getIdPart()).toList();
    }

    @Test
    void firstPollTakesEverythingSinceTheStart() {
        assertThat(polls().searchUrl()).isEqualTo(
                "Observation?category=vital-signs&_lastUpdated=ge2020-01-01T00:00:00Z&_sort=_lastUpdated&_count=10");
        assertThat(ids(polls().unseenEntries(page("1", 1_700_000_000_000L, "2", 1_700_000_000_000L)))).containsExactly("1", "2");
    }

    @Test
    void afterAPageOnlyLaterOrUnseenSameInstantResourcesAreTaken() {
        FhirServerPolls polls = polls();
        polls.advance(page("1", 1_700_000_000_000L, "2", 1_700_000_000_005L, "3", 1_700_000_000_005L));

        assertThat(polls.searchUrl()).contains("_lastUpdated=ge2023-11-14T22:13:20.005Z");
        // The server answers ge: 2 and 3 again, 4 stored in the same millisecond, 5 later.
        Bundle next = page("2", 1_700_000_000_005L, "3", 1_700_000_000_005L, "4", 1_700_000_000_005L, "5", 1_700_000_000_009L);
        assertThat(ids(polls.unseenEntries(next))).containsExactly("4", "5");

        polls.advance(next);
        assertThat(ids(polls.unseenEntries(page("5", 1_700_000_000_009L)))).isEmpty();
        assertThat(ids(polls().unseenEntries(page("5", 1_700_000_000_009L)))).as("a new instance reads the saved watermark").isEmpty();
    }
}
