package org.vigil.deadletter;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayFilterTest {

    private static final Map<String, String> STORE_REFUSAL = Map.of(
            Names.Header.ERROR_CLASS, "org.vigil.store.DocumentRejectedException",
            Names.Header.ERROR_MESSAGE, "Elasticsearch refused the document for vigil-observations: cluster_block_exception: blocked",
            Names.Header.ERROR_ROUTE, "store-elasticsearch",
            Names.Header.SOURCE, "kafka:vigil.classified:2:17",
            Names.Header.ERROR_TIME, "2026-11-30T10:00:00Z",
            Names.Header.REPLAY_TOPIC, "vigil.classified");

    @Test
    void selectsByReasonRouteSourceAndTime() {
        assertThat(ReplayFilter.ALL.matches(STORE_REFUSAL)).isTrue();
        assertThat(new ReplayFilter("CLUSTER_BLOCK", null, null, null, null).matches(STORE_REFUSAL)).isTrue();
        assertThat(new ReplayFilter("DocumentRejected", null, null, null, null).matches(STORE_REFUSAL)).isTrue();
        assertThat(new ReplayFilter("mapping", null, null, null, null).matches(STORE_REFUSAL)).isFalse();
        assertThat(new ReplayFilter(null, "store-", null, null, null).matches(STORE_REFUSAL)).isTrue();
        assertThat(new ReplayFilter(null, "csv-row", null, null, null).matches(STORE_REFUSAL)).isFalse();
        assertThat(new ReplayFilter(null, null, "kafka:vigil.classified", null, null).matches(STORE_REFUSAL)).isTrue();
        assertThat(new ReplayFilter(null, null, "file:", null, null).matches(STORE_REFUSAL)).isFalse();
        Instant at = Instant.parse("2026-11-30T10:00:00Z");
        assertThat(new ReplayFilter(null, null, null, at, at.plusSeconds(1)).matches(STORE_REFUSAL)).isTrue();
        assertThat(new ReplayFilter(null, null, null, at.plusSeconds(1), null).matches(STORE_REFUSAL)).isFalse();
        assertThat(new ReplayFilter(null, null, null, null, at).matches(STORE_REFUSAL)).as("until is exclusive").isFalse();
    }

    @Test
    void eachDeadLetterGoesBackWhereItCameFrom() {
        ReplayTargets targets = new ReplayTargets(new VigilProperties(
                new VigilProperties.Kafka("k", "v.", new VigilProperties.Topics("v.records", "v.classified", "v.dlq", "v.raw", "v.alerts", "v.alert-commands")), null, null));
        assertThat(targets.of(STORE_REFUSAL)).contains("vigil.classified");
        assertThat(targets.of(Map.of(Names.Header.ERROR_ROUTE, "csv-row", Names.Header.CSV_CODING, "KAGGLE"))).contains(Names.Route.CSV_ROW);
        assertThat(targets.of(Map.of(Names.Header.ERROR_ROUTE, "fhir-observation", Names.Header.SOURCE, "http:abc/entry/2"))).contains("v.raw");
        assertThat(targets.of(Map.of(Names.Header.ERROR_ROUTE, "http-csv-body"))).as("a whole request refused").isEmpty();
    }
}
