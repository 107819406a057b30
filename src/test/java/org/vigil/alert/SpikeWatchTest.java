package org.vigil.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.state.MongoAlertStore;
import org.vigil.testsupport.InMemoryMongo;
import org.vigil.testsupport.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spike rule against the real alert store (mongo-java-server): counts as the anomalies index
 * would give them, checks at aligned times, and two instances checking the same period.
 */
class SpikeWatchTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final AlertRules RULES = new AlertRules(new AlertRules.Definitions(Map.of(),
            new AlertRules.Spike(true, Duration.ofMinutes(1), 20, Duration.ofSeconds(10), Severity.URGENT, "Anomaly spike")), "test");

    @RegisterExtension
    final InMemoryMongo mongo = new InMemoryMongo();

    private final AtomicReference<AnomalyCounts.Counts> counts = new AtomicReference<>(new AnomalyCounts.Counts(0, Map.of()));
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private SpikeWatch instance(MongoAlertStore store) {
        return new SpikeWatch(RULES, (from, to) -> counts.get(), store, new AlertMessages(new DefaultCamelContext(), JSON, "vigil.alerts"), clock);
    }

    @Test
    void moreThanTwentyAnomaliesInAMinuteOpensOneAlertForTheSiteAndOneForTheWardAndResolvesThemWhenTheCountFalls() {
        MongoAlertStore store = new MongoAlertStore(mongo.client(), JSON, "vigil", "alert_state", "alerts", "alert_audit");
        SpikeWatch watch = instance(store);
        counts.set(new AnomalyCounts.Counts(21, Map.of("4B", 21L)));
        List<AlertEvent> opened = run(watch);
        assertThat(opened).extracting(e -> e.type().id() + " " + (e.alert().location() == null ? "site" : e.alert().location().ward()))
                .containsExactlyInAnyOrder("opened site", "opened 4B");
        assertThat(opened.get(0).alert().reason()).contains("21 anomalies in the last 60 s").contains("more than 20");
        assertThat(opened.get(0).alert().patientId()).isNull();

        assertThat(run(watch)).as("the same period is checked once").isEmpty();
        clock.advance(Duration.ofSeconds(10));
        counts.set(new AnomalyCounts.Counts(25, Map.of("4B", 20L, "5C", 5L)));
        assertThat(run(watch)).extracting(e -> e.type().id() + " " + (e.alert().location() == null ? "site" : e.alert().location().ward()))
                .containsExactlyInAnyOrder("updated site", "resolved 4B");
        clock.advance(Duration.ofSeconds(10));
        counts.set(new AnomalyCounts.Counts(3, Map.of()));
        assertThat(run(watch)).extracting(e -> e.type().id()).containsExactly("resolved");
    }

    @Test
    void aScopeWhoseAlertResolvedOpensANewOneWhenItSpikesAgain() {
        MongoAlertStore store = new MongoAlertStore(mongo.client(), JSON, "vigil", "alert_state", "alerts", "alert_audit");
        SpikeWatch watch = instance(store);
        counts.set(new AnomalyCounts.Counts(21, Map.of()));
        AlertEvent first = run(watch).get(0);
        clock.advance(Duration.ofSeconds(10));
        counts.set(new AnomalyCounts.Counts(2, Map.of()));
        assertThat(run(watch)).extracting(e -> e.type().id()).containsExactly("resolved");
        clock.advance(Duration.ofSeconds(10));
        counts.set(new AnomalyCounts.Counts(22, Map.of()));
        List<AlertEvent> again = run(watch);
        assertThat(again).extracting(e -> e.type().id()).containsExactly("opened");
        assertThat(again.get(0).alert().alertId()).isNotEqualTo(first.alert().alertId());
        assertThat(again.get(0).alert().version()).as("the scope's state goes on from the resolved alert").isEqualTo(3);
        assertThat(store.activeScopes(SpikeWatch.CONDITION)).as("saved, not refused as a conflict").hasSize(1)
                .allSatisfy((id, slot) -> assertThat(slot.alert().alertId()).isEqualTo(again.get(0).alert().alertId()));
    }

    @Test
    void twoInstancesCheckingTheSamePeriodGiveTheSameEventsAndOneAlert() {
        MongoAlertStore store = new MongoAlertStore(mongo.client(), JSON, "vigil", "alert_state", "alerts", "alert_audit");
        SpikeWatch one = instance(store);
        SpikeWatch other = instance(store);
        counts.set(new AnomalyCounts.Counts(30, Map.of()));
        AlertEngine.AlertBatch first = one.check();
        AlertEngine.AlertBatch second = other.check();
        assertThat(second.events()).extracting(AlertEvent::eventId).containsExactlyElementsOf(first.events().stream().map(AlertEvent::eventId).toList());
        one.save(first);
        other.save(second); // loses: the state is not saved twice
        store.record(first.events());
        store.record(second.events()); // both published: the views keep one alert
        assertThat(store.list(true, null, 10)).hasSize(1);
    }

    private List<AlertEvent> run(SpikeWatch watch) {
        AlertEngine.AlertBatch batch = watch.check();
        watch.save(batch);
        return batch.events();
    }
}
