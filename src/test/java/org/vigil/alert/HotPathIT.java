package org.vigil.alert;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;
import org.vigil.simulator.Episode;
import org.vigil.simulator.GatewaySimulator;
import org.vigil.simulator.SimulatedPatient;
import org.vigil.testsupport.ContractSchemas;
import org.vigil.testsupport.IntegrationTestNames;
import org.vigil.testsupport.KafkaTestClient;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.MonitorRounds;
import org.vigil.testsupport.MongoCommandWatch;
import org.vigil.testsupport.StoreProbe;
import org.vigil.testsupport.TestCredentials;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alert path on its own (issue #24): a ward's monitors over MLLP, a hypertensive crisis among
 * steady patients, through the real Kafka, MongoDB-protocol server and Elasticsearch.
 * <ol>
 * <li>With the store route stopped, its lag grows and nothing reaches the records collection, yet
 * the crisis is opened on the alerts topic and shown to caregivers: the alert path does not wait
 * on the bulk store. Started again, the store catches up.</li>
 * <li>Every command the routes sent to MongoDB meanwhile (ingest, classification, the NEWS2 window,
 * the alert lifecycle, the spike check, the views, the store) read or wrote by {@code _id} only:
 * a filter on anything else is a full scan on the local MongoDB server and a cost that grows with
 * what is stored.</li>
 * </ol>
 */
@VigilIntegrationTest("hotpath")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotPathIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final String RUN = LocalServices.RUN_ID;
    private static final String CRISIS = "Patient/hotpath-" + RUN + "-crisis";
    private static final int STEADY = 12;
    private static final MongoCommandWatch WATCH = new MongoCommandWatch();

    @TestConfiguration
    static class WatchMongoDb {
        @Bean
        MongoClientSettingsBuilderCustomizer vigilTestCommandWatch() {
            return settings -> settings.addCommandListener(WATCH);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    VigilProperties vigil;
    @Autowired
    CamelContext camel;
    @Value("${vigil.ingest.mllp.port}")
    int mllpPort;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Order(1)
    void alertsReachCaregiversWhileTheStoreIsStoppedAndItsLagGrows() throws Exception {
        StoreProbe.stopStores(camel);
        WATCH.clear();
        List<SimulatedPatient> ward = new ArrayList<>();
        SimulatedPatient crisis = SimulatedPatient.steady(CRISIS, 0);
        ward.add(crisis);
        for (int i = 1; i <= STEADY; i++) {
            ward.add(SimulatedPatient.steady("Patient/hotpath-" + RUN + "-" + i, i));
        }
        Instant time = Instant.now().minusSeconds(600);
        try (GatewaySimulator.MllpSender monitor = new GatewaySimulator.MllpSender("127.0.0.1", mllpPort)) {
            time = MonitorRounds.send(monitor, time, 2, ward);
            crisis.startEpisode(Episode.HYPERTENSIVE_CRISIS, 2);
            MonitorRounds.send(monitor, time, 2, ward);
        }

        JsonNode opened = await("the crisis opened on the alerts topic").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> alertEvent(CRISIS, "opened"), event -> event != null);
        assertThat(opened.at("/alert/condition").asText()).isEqualTo("hypertensive-crisis");
        await("the crisis shown to caregivers").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> shown(opened.at("/alert/alertId").asText()));

        Map<String, Object> names = IntegrationTestNames.forTest("hotpath");
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            long lag = StoreProbe.storeLag(kafka, camel);
            List<String> stored = StoreProbe.mongoIds(names, "patients_record");
            System.out.printf("HotPathIT: crisis alert shown with the store stopped; store lag %d, %d records in MongoDB%n", lag, stored.size());
            assertThat(lag).as("the store's lag while it is stopped").isGreaterThanOrEqualTo((STEADY + 1) * 4L);
            assertThat(stored).as("nothing stored while the store is stopped").isEmpty();

            StoreProbe.startStores(camel);
            await("the store catches up").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> StoreProbe.storeLag(kafka, camel) == 0);
        }
        assertThat(StoreProbe.mongoIds(names, "patients_record")).as("every reading stored once the store is back").isNotEmpty();

        // The caregivers' patient view reads Elasticsearch, bounded, never a scan of the records collection.
        JsonNode chart = await("the crisis patient's chart").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> JSON.readTree(get("/api/patients/vitals?patient=" + CRISIS + "&hours=1").body()),
                        answer -> answer.path("points").size() >= 8);
        assertThat(chart.path("points").findValues("systolicMmHg")).as("the crisis pressures are charted")
                .anySatisfy(value -> assertThat(value.asDouble()).isGreaterThan(180));
        JsonNode listed = JSON.readTree(get("/api/patients?hours=1").body());
        assertThat(listed.findValuesAsText("patientId")).as("each patient listed once, the latest reading of each")
                .contains(CRISIS).doesNotHaveDuplicates();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(TestCredentials.asCaregiver(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(2)
    void theRoutesReadAndWriteMongoDbByKeyOnly() {
        List<MongoCommandWatch.Command> routes = WATCH.fromRoutes();
        Set<String> collections = new java.util.TreeSet<>();
        routes.forEach(command -> collections.add(("find".equals(command.name()) ? "read " : "write ") + command.collection()));
        System.out.printf("HotPathIT: %d MongoDB commands from the routes: %s%n", routes.size(), collections);
        // Not vacuous: the NEWS2 window, the alert lifecycle, the views and the store were all watched.
        assertThat(collections).contains(
                "read " + camel.resolvePropertyPlaceholders("{{vigil.clinical.news2.state-collection}}"),
                "write " + camel.resolvePropertyPlaceholders("{{vigil.clinical.news2.state-collection}}"),
                "read " + camel.resolvePropertyPlaceholders("{{vigil.alerts.collections.state}}"),
                "write " + camel.resolvePropertyPlaceholders("{{vigil.alerts.collections.state}}"),
                "write " + camel.resolvePropertyPlaceholders("{{vigil.alerts.collections.alerts}}"),
                "write " + camel.resolvePropertyPlaceholders("{{vigil.alerts.collections.audit}}"),
                "write " + IntegrationTestNames.forTest("hotpath").get("vigil.mongodb.collection-prefix") + "patients_record");
        assertThat(routes).as("commands whose filter is not on _id alone (a full scan, a cost that grows with the data)")
                .allMatch(MongoCommandWatch.Command::byKey);
    }

    @Test
    @Order(3)
    void thePatientViewAndTheOperatorsFiguresReadNothingThatGrowsWithTheData() throws Exception {
        WATCH.clear();
        assertThat(get("/api/patients?hours=1").statusCode()).isEqualTo(200);
        assertThat(get("/api/patients/vitals?patient=" + CRISIS + "&hours=1").statusCode()).isEqualTo(200);
        HttpResponse<String> summary = http.send(TestCredentials.asOperator(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/pipeline/summary"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(summary.statusCode()).isEqualTo(200);
        List<MongoCommandWatch.Command> requests = WATCH.fromRequests();
        System.out.printf("HotPathIT: %d MongoDB commands answering the patient view and the summary: %s%n", requests.size(), requests);
        assertThat(requests).as("the summary counts the records collection").anyMatch(command -> "count".equals(command.name()));
        assertThat(requests).as("commands that read more as more is stored (a scan, an aggregation, a filtered count)")
                .allMatch(MongoCommandWatch.Command::boundedCost);
    }


    private JsonNode alertEvent(String patient, String type) throws Exception {
        for (ConsumerRecord<String, byte[]> record : TopicReader.read(vigil.kafka().topics().alerts(), 1_000, Duration.ofSeconds(2))) {
            JsonNode event = JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
            if (patient.equals(event.at("/alert/patientId").asText()) && type.equals(event.path("type").asText())) {
                assertThat(ContractSchemas.problems(AlertEvent.class, event.toString())).as("the alerts topic's published event").isEmpty();
                return event;
            }
        }
        return null;
    }

    /** Whether the alert is in the views caregivers read (its audit trail answers 404 until it is). */
    private boolean shown(String alertId) throws Exception {
        HttpResponse<String> answer = http.send(TestCredentials.asCaregiver(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/alerts/" + alertId + "/audit"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200;
    }
}
