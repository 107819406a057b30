package org.vigil.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.vigil.record.ClinicalRecord;
import org.vigil.testsupport.FreePorts;
import org.vigil.testsupport.IntegrationTestNames;
import org.vigil.testsupport.JvmBreakpoint;
import org.vigil.testsupport.KafkaTestClient;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.News2Reference;
import org.vigil.testsupport.RecordJson;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilJar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alert store is consistent after a crash between its writes. The packaged jar follows a
 * ward's stream (NEWS2 deteriorations that open, change and resolve, two patients in a crisis) in
 * small batches and is killed with SIGKILL at the three worst places, each reached exactly (a JDI
 * breakpoint stops the whole jar there, then the kill):
 * <ol>
 * <li>in the lifecycle, after a batch's events are on the alerts topic and before its state is
 *     saved ({@code AlertEngine.save}, in a batch that had events);</li>
 * <li>in the lifecycle, after a batch's state is saved and before its offsets are committed (so a
 *     lifecycle that saved before publishing would lose the events here);</li>
 * <li>in the views, after a batch's audit entries are written and before the alerts as they stand
 *     ({@code MongoAlertStore.record}).</li>
 * </ol>
 * Started a fourth time, it catches up; then the state, the alerts topic, the views and the audit
 * trail agree: every alert change is on the topic (a patient's alerts of one rule number their
 * changes 1, 2, 3... with no gap), each with one event id (a change worked out again after the
 * crash is the same event, not a second one), every event is in the audit once and no audit entry lacks its
 * event, each view is its alert's last event, each alert in the state is its view, and a patient
 * has at most one alert open per rule. Prints the counts.
 */
class AlertCrashIT {

    private static final ObjectMapper JSON = RecordJson.MAPPER;
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final int PATIENTS = 12;

    private final Map<String, Object> names = IntegrationTestNames.forTest("alert-crash");
    private final String prefix = (String) names.get("vigil.kafka.topic-prefix");
    private final String group = (String) names.get("vigil.kafka.consumer-group");
    /**
     * Small batches, so a crash lands mid-stream with batches before and after it; one consumer
     * each, so the lifecycle's batches go in turn and the save after an event is that event's batch's.
     */
    private final Map<String, Object> settings = Map.of("vigil.alerts.batch-size", 40, "vigil.classify.batch-size", 100,
            "vigil.kafka.consumers", 1);

    @Test
    void aKillBetweenTheAlertStoresWritesLeavesStateTopicViewsAndAuditInAgreement() throws Exception {
        LocalServices.properties();
        List<ClinicalRecord> input = News2Reference.readings("alert-crash-" + LocalServices.RUN_ID, PATIENTS, 45, 31, 2);
        int quarter = input.size() / 4;
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            send(kafka, input.subList(0, quarter));
            // The batch of the third alert event: its events are on the topic, its state is not saved yet.
            long eventsAtFirstKill = crashAt(kafka, "alert-crash-it-vigil-1", port -> JvmBreakpoint.atLineAfter(port,
                    "org.vigil.alert.AlertMessages", "message.setHeader(KafkaConstants.OVERRIDE_TOPIC, alertsTopic);", 3,
                    "org.vigil.alert.AlertEngine", "store.save(batch.changed());"), 1);
            send(kafka, input.subList(quarter, 2 * quarter));
            // The batch of the third alert event since: its state saved, its offsets not committed.
            long eventsAtSecondKill = crashAt(kafka, "alert-crash-it-vigil-2", port -> JvmBreakpoint.atLineAfter(port,
                    "org.vigil.alert.AlertMessages", "message.setHeader(KafkaConstants.OVERRIDE_TOPIC, alertsTopic);", 3,
                    "org.vigil.alert.AlertEngine", "Map<Integer, List<AlertSlot>> saved = new HashMap<>();"), 1);
            send(kafka, input.subList(2 * quarter, 3 * quarter));
            // The third views batch: its audit entries written, the alerts as they stand not yet.
            long eventsAtThirdKill = crashAt(kafka, "alert-crash-it-vigil-3",
                    port -> JvmBreakpoint.atLine(port, "org.vigil.state.MongoAlertStore", "Map<String, Alert> pending = latest;"), 3);
            send(kafka, input.subList(3 * quarter, input.size()));

            try (VigilJar vigil = VigilJar.start(names, settings, "alert-crash-it-vigil-4").awaitReady(PATIENCE)) {
                await("caught up: classified, alerts worked out, views written").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                        .until(() -> kafka.lag(group + "-classify", List.of(prefix + "records")) == 0
                                && kafka.lag(group + "-alerts", List.of(prefix + "classified")) == 0
                                && kafka.lag(group + "-alert-views", List.of(prefix + "alerts")) == 0
                                && kafka.recordsIn(prefix + "classified") >= input.size());
                vigil.stop();
            }

            // The alerts topic: each alert change (alert id and version) and its event id(s).
            Map<String, Set<String>> eventIdsByChange = new TreeMap<>();
            Map<String, JsonNode> lastEventByAlert = new HashMap<>();
            // Each patient's (or ward's) alerts of one rule number their changes on from one alert to the next: 1, 2, 3...
            Map<String, Set<Long>> versionsBySlot = new TreeMap<>();
            Set<String> eventIds = new HashSet<>();
            List<ConsumerRecord<String, byte[]>> published = TopicReader.all(prefix + "alerts");
            for (ConsumerRecord<String, byte[]> message : published) {
                JsonNode event = JSON.readTree(message.value());
                JsonNode alert = event.path("alert");
                eventIds.add(event.path("eventId").asText());
                eventIdsByChange.computeIfAbsent(alert.path("alertId").asText() + " v" + alert.path("version").asLong(), c -> new TreeSet<>())
                        .add(event.path("eventId").asText());
                String slot = (alert.hasNonNull("patientId") ? alert.path("patientId").asText() : "ward " + alert.path("location").path("ward").asText())
                        + " " + alert.path("condition").asText();
                versionsBySlot.computeIfAbsent(slot, k -> new TreeSet<>()).add(alert.path("version").asLong());
                lastEventByAlert.merge(alert.path("alertId").asText(), alert,
                        (a, b) -> b.path("version").asLong() >= a.path("version").asLong() ? b : a);
            }

            Map<String, Document> views = new HashMap<>();
            Set<String> audited = new HashSet<>();
            List<Document> slots = new ArrayList<>();
            try (MongoClient mongo = MongoClients.create((String) LocalServices.properties().get("spring.data.mongodb.uri"))) {
                MongoDatabase db = mongo.getDatabase("vigil");
                db.getCollection((String) names.get("vigil.alerts.collections.alerts")).find().forEach(view -> views.put(view.getString("_id"), view));
                db.getCollection((String) names.get("vigil.alerts.collections.audit")).find().forEach(entry -> audited.add(entry.getString("_id")));
                db.getCollection((String) names.get("vigil.alerts.collections.state")).find().forEach(slot -> {
                    if (slot.get("alert") instanceof Document) {
                        slots.add(slot);
                    }
                });
            }
            Map<String, Long> openByPatientAndRule = new TreeMap<>();
            views.values().stream().filter(view -> !"resolved".equals(view.getString("status")))
                    .forEach(view -> openByPatientAndRule.merge(view.getString("patientId") + " " + view.getString("condition"), 1L, Long::sum));
            System.out.printf("AlertCrashIT: %d records; %d alert events before the first kill, %d before the second, %d before the third; %d events published "
                    + "(%d distinct, %d alert changes, %d alerts), %d audit entries, %d views, %d state slots with an alert, %d open%n",
                    input.size(), eventsAtFirstKill, eventsAtSecondKill, eventsAtThirdKill, published.size(), eventIds.size(), eventIdsByChange.size(),
                    lastEventByAlert.size(), audited.size(), views.size(), slots.size(), openByPatientAndRule.size());

            assertThat(eventIdsByChange).as("one event id per alert change, also for a change worked out again after a kill")
                    .allSatisfy((change, ids) -> assertThat(ids).as(change).hasSize(1));
            assertThat(versionsBySlot).as("every change published: a slot's versions run 1, 2, 3... with no gap")
                    .allSatisfy((slot, versions) -> assertThat(versions).as(slot).hasSize(versions.stream().mapToInt(Long::intValue).max().orElse(0)));
            assertThat(audited).as("the audit trail: every published event once, and no entry without its event").isEqualTo(eventIds);
            assertThat(views.keySet()).as("a view of every alert").isEqualTo(lastEventByAlert.keySet());
            lastEventByAlert.forEach((alertId, last) -> {
                Document view = views.get(alertId);
                assertThat(((Number) view.get("version")).longValue()).as(alertId + ": the view is the alert's last event").isEqualTo(last.path("version").asLong());
                assertThat(view.getString("status")).as(alertId + "'s status").isEqualTo(last.path("status").asText());
            });
            assertThat(slots).as("state slots with an alert").isNotEmpty().allSatisfy(slot -> {
                Document alert = (Document) slot.get("alert");
                Document view = views.get(alert.getString("alertId"));
                assertThat(view).as("the view of " + slot.get("_id") + "'s alert").isNotNull();
                assertThat(((Number) alert.get("version")).longValue()).as(slot.get("_id") + ": the state is the view")
                        .isEqualTo(((Number) view.get("version")).longValue());
                assertThat(alert.getString("status")).as(slot.get("_id") + "'s status").isEqualTo(view.getString("status"));
            });
            assertThat(openByPatientAndRule).as("at most one alert open per patient and rule").allSatisfy((slot, open) -> assertThat(open).as(slot).isEqualTo(1));
            // And the crash points were where they are meant to be: alerts under way, in changes of every kind.
            assertThat(eventsAtFirstKill).as("alert events published before the first kill").isPositive();
            assertThat(lastEventByAlert).as("alerts opened, changed and resolved").hasSizeGreaterThan(PATIENTS);
        }
    }

    /** Starts the jar with the debug agent, stops it the {@code nth} time it reaches the breakpoint and kills it there; answers the alert events published by then. */
    private long crashAt(KafkaTestClient kafka, String log, BreakpointAt where, int nth) throws Exception {
        int debugPort = FreePorts.next();
        VigilJar vigil = VigilJar.start(names, settings, log, List.of(JvmBreakpoint.agent(debugPort))).awaitReady(PATIENCE);
        try (JvmBreakpoint breakpoint = where.set(debugPort)) {
            breakpoint.awaitHit(PATIENCE, nth);
            vigil.kill(); // SIGKILL with every thread stopped there: nothing after that line ran
        } finally {
            vigil.kill();
        }
        return kafka.recordsIn(prefix + "alerts");
    }

    private void send(KafkaTestClient kafka, List<ClinicalRecord> records) throws Exception {
        for (ClinicalRecord record : records) {
            kafka.sendWithoutWaiting(prefix + "records", record.partitionKey(), JSON.writeValueAsString(record));
        }
        kafka.flush();
    }

    @FunctionalInterface
    private interface BreakpointAt {
        JvmBreakpoint set(int port) throws Exception;
    }
}
