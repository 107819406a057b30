package org.vigil.alert;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.ConsumerGroupState;
import org.hl7.fhir.r4.model.Flag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;
import org.vigil.simulator.Episode;
import org.vigil.simulator.GatewaySimulator;
import org.vigil.simulator.SimulatedPatient;
import org.vigil.testsupport.FreePorts;
import org.vigil.testsupport.KafkaTestClient;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.MonitorRounds;
import org.vigil.testsupport.TestCredentials;
import org.vigil.testsupport.TestFhirServer;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilIntegrationTest;
import org.vigil.testsupport.WebhookReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The simulator's deterioration episodes, sent as bedside monitors send them (IHE PCD-01 over
 * MLLP) after an ADT admission, through the real Kafka, MongoDB-protocol server and
 * Elasticsearch, to every channel: the alerts topic, the dashboard's SSE stream, a webhook
 * receiver (a real HTTP server that answers 503 at first), a real SMTP server (GreenMail) and a
 * real FHIR server (HAPI RestfulServer). The patients are the simulator's steady baseline, so the
 * expected events follow by hand from the rules (worked out in {@link AlertEngineTest}):
 * sepsis gives opened, escalated, updated, acknowledged (by REST), updated, updated, resolved;
 * hypotension opens two alerts (pressure, NEWS2), updates one, resolves both; a hypertensive
 * crisis opens and resolves one. Then every consumer reads everything again (offsets lost, as
 * after a crash): nothing is notified, written or published twice.
 */
@VigilIntegrationTest("alerts")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final String RUN = LocalServices.RUN_ID;
    private static final String SEPTIC = "Patient/alerts-" + RUN + "-1";
    private static final String HYPOTENSIVE = "Patient/alerts-" + RUN + "-2";
    private static final String HYPERTENSIVE = "Patient/alerts-" + RUN + "-3";
    private static final String WARD = "4B Acute Medicine";

    /** Expected events per type, all patients: worked out from the rules (see the class comment). */
    private static final Map<String, Integer> EXPECTED = new TreeMap<>(Map.of(
            "opened", 4, "escalated", 1, "updated", 4, "acknowledged", 1, "resolved", 4));
    /** Caregivers are notified of every event but the updates. */
    private static final int NOTIFIED = 10;

    static final TestFhirServer FHIR = start();
    static final GreenMail SMTP = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    static final WebhookReceiver WEBHOOK = new WebhookReceiver();
    static final List<String> STREAMED = new CopyOnWriteArrayList<>();

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void deliveries(DynamicPropertyRegistry registry) {
        registry.add("vigil.alerts.webhook.enabled", () -> "true");
        registry.add("vigil.alerts.webhook.url", WEBHOOK::url);
        registry.add("vigil.alerts.email.enabled", () -> "true");
        registry.add("vigil.alerts.email.port", () -> SMTP.getSmtp().getPort());
        registry.add("vigil.alerts.email.to", () -> "ward-4b@hospital.test");
        registry.add("vigil.alerts.fhir-writeback.enabled", () -> "true");
        registry.add("vigil.alerts.fhir-writeback.url", FHIR::baseUrl);
        registry.add("vigil.alerts.delivery.initial-delay-ms", () -> "200");
    }

    @LocalServerPort
    int port;
    @Autowired
    VigilProperties vigil;
    @Autowired
    CamelContext camel;
    @Autowired
    Admin admin;
    @Value("${vigil.ingest.mllp.port}")
    int mllpPort;
    @Value("${vigil.kafka.consumer-group}")
    String group;
    @Value("${vigil.alerts.stream.consumer-group}")
    String streamGroup;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stop() throws Exception {
        SMTP.stop();
        WEBHOOK.close();
        FHIR.close();
    }

    @Test
    @Order(1)
    void deteriorationEpisodesGiveExactlyTheExpectedAlertEventsOnEveryChannel() throws Exception {
        listenToTheStream();
        WEBHOOK.failNext(2);
        SimulatedPatient septic = SimulatedPatient.steady(SEPTIC, 1);
        SimulatedPatient hypotensive = SimulatedPatient.steady(HYPOTENSIVE, 2);
        SimulatedPatient hypertensive = SimulatedPatient.steady(HYPERTENSIVE, 3);
        Instant time = Instant.now().minusSeconds(600);
        JsonNode emergency;
        try (GatewaySimulator.MllpSender monitor = new GatewaySimulator.MllpSender("127.0.0.1", mllpPort)) {
            monitor.admit(SEPTIC, WARD, "12"); // the ADT feed places the septic patient
            time = MonitorRounds.send(monitor, time, 1, List.of(septic, hypotensive, hypertensive)); // the baseline: nothing
            septic.startEpisode(Episode.SEPSIS, 3);
            hypotensive.startEpisode(Episode.HYPOTENSION, 3);
            hypertensive.startEpisode(Episode.HYPERTENSIVE_CRISIS, 2);
            time = MonitorRounds.send(monitor, time, 3, List.of(septic, hypotensive, hypertensive));

            emergency = await("the septic patient's emergency alert").atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                    .until(() -> alertOf(SEPTIC, "news2"), alert -> alert != null && "emergency".equals(alert.path("severity").asText()));
            assertThat(emergency.at("/location/ward").asText()).as("where the ADT feed put them").isEqualTo(WARD);
            assertThat(acknowledge(emergency.path("alertId").asText(), TestCredentials.CAREGIVER).statusCode()).isEqualTo(202);
            await("acknowledged").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .until(() -> alertOf(SEPTIC, "news2").path("status").asText(), "acknowledged"::equals);
            assertThat(acknowledge(emergency.path("alertId").asText(), TestCredentials.BOTH).statusCode()).as("taken already").isEqualTo(409);
            assertThat(acknowledge("no-such-alert", TestCredentials.CAREGIVER).statusCode()).isEqualTo(404);

            MonitorRounds.send(monitor, time, 2, List.of(septic, hypotensive, hypertensive)); // back to baseline: all resolve
        }

        await("every event on the topic").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> countByType(distinct(topicEvents())), EXPECTED::equals);
        await("every notification delivered").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> WEBHOOK.received().size() >= NOTIFIED && SMTP.getReceivedMessages().length >= NOTIFIED
                        && FHIR.flags().stream().filter(f -> f.getStatus() == Flag.FlagStatus.INACTIVE).count() == 4);
        await("the stream").atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                .until(() -> countByType(distinct(parse(STREAMED))), EXPECTED::equals);

        List<JsonNode> events = distinct(topicEvents());
        List<String> septicSequence = events.stream().filter(e -> SEPTIC.equals(e.at("/alert/patientId").asText()))
                .map(e -> e.path("type").asText()).toList();
        assertThat(septicSequence).containsExactly("opened", "escalated", "updated", "acknowledged", "updated", "updated", "resolved");
        assertThat(events).allSatisfy(event -> {
            JsonNode alert = event.path("alert");
            for (String field : List.of("alertId", "patientId", "condition", "severity", "status", "rule", "reason", "openedAt", "updatedAt")) {
                assertThat(alert.hasNonNull(field)).as(event.path("type").asText() + " " + alert.path("condition") + " names " + field).isTrue();
            }
        });
        assertThat(events).filteredOn(e -> "escalated".equals(e.path("type").asText())).singleElement()
                .satisfies(e -> assertThat(e.at("/alert/news2/total").asInt()).isEqualTo(8));

        assertThat(WEBHOOK.received()).as("each notified event once, the refused attempts retried").hasSize(NOTIFIED);
        assertThat(WEBHOOK.requests()).isEqualTo(NOTIFIED + 2);
        assertThat(distinct(parse(WEBHOOK.received()))).hasSize(NOTIFIED)
                .noneMatch(e -> "updated".equals(e.path("type").asText()));

        MimeMessage[] mails = SMTP.getReceivedMessages();
        assertThat(mails).hasSize(NOTIFIED);
        List<String> subjects = new ArrayList<>();
        for (MimeMessage mail : mails) {
            subjects.add(mail.getSubject());
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ward-4b@hospital.test");
        }
        assertThat(subjects).contains("[Vigil EMERGENCY] escalated: NEWS2 deterioration - " + SEPTIC + " (" + WARD + ")")
                .contains("[Vigil EMERGENCY] opened: Hypertensive crisis (above 180/120 mmHg) - " + HYPERTENSIVE);
        String escalation = mails[java.util.Arrays.asList(subjects.toArray()).indexOf(
                "[Vigil EMERGENCY] escalated: NEWS2 deterioration - " + SEPTIC + " (" + WARD + ")")].getContent().toString();
        assertThat(escalation).contains("NEWS2:      8 (HIGH)").contains("Why:").contains("emergency response");

        List<Flag> flags = FHIR.flags();
        assertThat(flags).as("one Flag per alert, however often it changed").hasSize(4)
                .allSatisfy(flag -> {
                    assertThat(flag.getIdentifierFirstRep().getSystem()).isEqualTo(FhirWriteBack.ALERT_SYSTEM);
                    assertThat(flag.getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
                    assertThat(flag.getPeriod().hasEnd()).isTrue();
                });
        assertThat(flags).extracting(f -> f.getSubject().getReference()).containsOnly(SEPTIC, HYPOTENSIVE, HYPERTENSIVE);

        JsonNode audit = JSON.readTree(get("/api/alerts/" + emergency.path("alertId").asText() + "/audit").body());
        assertThat(audit.findValuesAsText("by")).contains(TestCredentials.CAREGIVER, "vigil:rule news2");
        assertThat(audit.findValuesAsText("type")).containsExactly("opened", "escalated", "updated", "acknowledged", "updated", "updated", "resolved");
    }

    @Test
    @Order(2)
    void readingEverythingAgainAfterACrashNotifiesWritesAndPublishesNothingTwice() throws Exception {
        long eventsBefore = topicEvents().size();
        int flagWritesBefore = FHIR.flagWrites();
        String emergencyId = alertOf(SEPTIC, "news2").path("alertId").asText();
        int auditBefore = JSON.readTree(get("/api/alerts/" + emergencyId + "/audit").body()).size();
        List<String> routes = List.of(Names.Route.ALERT_LIFECYCLE, Names.Route.ALERT_VIEWS, Names.Route.ALERT_WEBHOOK,
                Names.Route.ALERT_EMAIL, Names.Route.ALERT_FHIR);
        for (String route : routes) {
            camel.getRouteController().stopRoute(route);
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put(group + "-alerts", List.of(vigil.kafka().topics().classified(), vigil.kafka().topics().alertCommands()));
        for (String channel : List.of("alert-views", "alert-webhook", "alert-email", "alert-fhir")) {
            groups.put(group + "-" + channel, List.of(vigil.kafka().topics().alerts()));
        }
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (Map.Entry<String, List<String>> entry : groups.entrySet()) {
                await("the group " + entry.getKey() + " is empty").atMost(PATIENCE).until(() -> groupIsEmpty(entry.getKey()));
                kafka.rewindToStart(entry.getKey(), entry.getValue());
                assertThat(kafka.lag(entry.getKey(), entry.getValue())).as(entry.getKey() + " reads everything again").isPositive();
            }
            for (String route : routes) {
                camel.getRouteController().startRoute(route);
            }
            for (Map.Entry<String, List<String>> entry : groups.entrySet()) {
                await("read again: " + entry.getKey()).atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                        .until(() -> kafka.lag(entry.getKey(), entry.getValue()) == 0);
            }
        }
        assertThat(topicEvents()).as("no event published again").hasSize((int) eventsBefore);
        assertThat(WEBHOOK.received()).as("no webhook sent again").hasSize(NOTIFIED);
        assertThat(SMTP.getReceivedMessages()).as("no e-mail sent again").hasSize(NOTIFIED);
        assertThat(FHIR.flags()).as("no second Flag").hasSize(4);
        assertThat(FHIR.flagsCreated()).as("the server, which keeps every create, created one Flag per alert").isEqualTo(4);
        assertThat(FHIR.flagWrites()).as("the Flags were written again (and found by their identifier)").isGreaterThan(flagWritesBefore);
        JsonNode audit = JSON.readTree(get("/api/alerts/" + emergencyId + "/audit").body());
        assertThat(audit).as("no audit entry written twice").hasSize(auditBefore);
        assertThat(alertOf(SEPTIC, "news2").path("status").asText()).as("no view set back to an older version").isEqualTo("resolved");
        System.out.printf("AlertsIT after reading everything again: %d events on the topic, %d webhooks, %d e-mails, %d Flags"
                        + " (%d conditional updates before, %d after)%n", eventsBefore, WEBHOOK.received().size(),
                SMTP.getReceivedMessages().length, FHIR.flags().size(), flagWritesBefore, FHIR.flagWrites());
    }

    @Test
    @Order(3)
    void aPatientsRiskScoreIsWrittenBackOnceAsARiskAssessmentAndAHighOneRaisesAnAlert() throws Exception {
        // Two heart-study rows of a site whose CSV names the patient (UCI coding): a 63-year-old
        // man with typical angina and one 41-year-old woman without; sent twice (the same request id: the same records).
        String csv = "patient,age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal\n"
                + "risk-" + RUN + "-a,63,1,4,145,233,1,2,150,1,2.3,3,2,7\n"
                + "risk-" + RUN + "-b,41,0,3,130,204,0,2,172,0,1.4,1,0,3\n";
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> answer = http.send(TestCredentials.asGateway(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ingest/csv?coding=uci")))
                    .header("Content-Type", "text/csv").header(Names.Header.REQUEST_ID, "risk-" + RUN)
                    .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.body()).contains("\"accepted\":2");
        }
        await("both risk scores on the FHIR server").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> FHIR.riskAssessmentWrites() >= 4);
        assertThat(FHIR.riskAssessmentsCreated()).as("the server, which keeps every create, created one per record").isEqualTo(2);
        assertThat(FHIR.riskAssessments()).as("one per record, however often it was sent").hasSize(2)
                .allSatisfy(assessment -> {
                    assertThat(assessment.getIdentifierFirstRep().getSystem()).isEqualTo(FhirWriteBack.RISK_SYSTEM);
                    assertThat(assessment.getPredictionFirstRep().getProbabilityDecimalType().getValue().doubleValue()).isBetween(0.0, 1.0);
                });
        double high = FHIR.riskAssessments().stream().filter(a -> a.getSubject().getReference().endsWith("-a")).findFirst().orElseThrow()
                .getPredictionFirstRep().getProbabilityDecimalType().getValue().doubleValue();
        double low = FHIR.riskAssessments().stream().filter(a -> a.getSubject().getReference().endsWith("-b")).findFirst().orElseThrow()
                .getPredictionFirstRep().getProbabilityDecimalType().getValue().doubleValue();
        assertThat(high).as("the risk model's view of the two").isGreaterThan(0.5).isGreaterThan(low);
        assertThat(low).isLessThan(0.5);
        await("a warning for the high-risk patient only").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> alertOf("Patient/risk-" + RUN + "-a", "risk-high") != null);
        assertThat(alertOf("Patient/risk-" + RUN + "-a", "risk-high").path("severity").asText()).isEqualTo("warning");
        assertThat(alertOf("Patient/risk-" + RUN + "-b", "risk-high")).isNull();
    }

    private boolean groupIsEmpty(String name) throws Exception {
        ConsumerGroupState state = admin.describeConsumerGroups(List.of(name)).all().get(10, TimeUnit.SECONDS).get(name).state();
        return state == ConsumerGroupState.EMPTY || state == ConsumerGroupState.DEAD;
    }


    /** Opens the dashboard's stream and keeps every event it sends, once the stream's consumer has its partitions. */
    private void listenToTheStream() throws Exception {
        await("the stream's consumer is in its group").atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> admin.describeConsumerGroups(List.of(streamGroup)).all().get(5, TimeUnit.SECONDS).get(streamGroup).state()
                        == ConsumerGroupState.STABLE);
        HttpRequest request = TestCredentials.asCaregiver(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/alerts/stream")))
                .header("Accept", "text/event-stream").GET().build();
        CountDownLatch connected = new CountDownLatch(1);
        http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> response.body().forEach(line -> {
            if (line.startsWith(":connected")) {
                connected.countDown();
            } else if (line.startsWith("data:")) {
                STREAMED.add(line.substring("data:".length()));
            }
        }));
        // The first request of the run may take seconds (servlet and security set-up): events sent
        // before the server holds this client are not streamed to it, so nothing is sent before.
        assertThat(connected.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the stream answered").isTrue();
    }

    /** Acknowledges as {@code caregiver} (one of {@link TestCredentials}' users): who acknowledges is who signed in. */
    private HttpResponse<String> acknowledge(String alertId, String caregiver) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/alerts/" + alertId + "/acknowledge"))
                .header("Authorization", TestCredentials.basic(caregiver)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(TestCredentials.asCaregiver(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode alertOf(String patient, String condition) throws Exception {
        for (JsonNode alert : JSON.readTree(get("/api/alerts?status=all").body())) {
            if (patient.equals(alert.path("patientId").asText()) && condition.equals(alert.path("condition").asText())) {
                return alert;
            }
        }
        return null;
    }

    private List<JsonNode> topicEvents() {
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.read(vigil.kafka().topics().alerts(), 10_000, Duration.ofSeconds(3))) {
            events.add(tree(new String(record.value(), StandardCharsets.UTF_8)));
        }
        return events;
    }

    private static List<JsonNode> parse(Collection<String> bodies) {
        return bodies.stream().map(AlertsIT::tree).toList();
    }

    /** Kafka delivers at least once: the same event (by id) counted once, in the order first seen. */
    private static List<JsonNode> distinct(List<JsonNode> events) {
        Set<String> seen = new HashSet<>();
        return events.stream().filter(e -> seen.add(e.path("eventId").asText())).toList();
    }

    private static Map<String, Integer> countByType(List<JsonNode> events) {
        Map<String, Integer> counts = new TreeMap<>();
        events.forEach(e -> counts.merge(e.path("type").asText(), 1, Integer::sum));
        return counts;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static TestFhirServer start() {
        try {
            return new TestFhirServer();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
