package org.vigil.ingest.hl7;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;
import org.vigil.config.Specialties;
import org.vigil.event.ClassifiedRecord;
import org.vigil.testsupport.ContractSchemas;
import org.vigil.testsupport.TestCredentials;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;
import org.vigil.testsupport.MllpTestClient;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HL7 v2 over real MLLP connections on loopback: a hospital's ADT feed and a PCD-01 monitor
 * (through HAPI's own MLLP client), a LOINC-coded ward system, and 22 kinds of bad input sent byte
 * by byte; each answered with its acknowledgement or connection outcome, dead-lettered with its
 * reason, while the listener keeps serving.
 */
@VigilIntegrationTest("mllp")
@TestPropertySource(properties = "vigil.ingest.mllp.read-timeout-ms=2000")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MllpIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final HapiContext HAPI = new DefaultHapiContext();

    static {
        HAPI.setModelClassFactory(new CanonicalModelClassFactory("2.6"));
        // Control ids of generated ACKs from memory, not from a file HAPI would write in the working directory.
        HAPI.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
    }

    @Value("${vigil.ingest.mllp.port}")
    int port;
    @org.springframework.boot.test.web.server.LocalServerPort
    int httpPort;
    @Autowired
    VigilProperties vigil;
    @Autowired
    Specialties specialties;
    @Autowired
    MongoClient mongo;

    private static Connection connection;

    @BeforeAll
    static void noConnectionYet() {
        connection = null;
    }

    @AfterAll
    static void closeConnection() throws java.io.IOException {
        if (connection != null) {
            connection.close();
        }
    }

    private Message sendWithHapi(String fixture) throws Exception {
        if (connection == null) {
            connection = HAPI.newClient("127.0.0.1", port, false);
        }
        Message message = HAPI.getPipeParser().parse(Files.readString(Path.of("src/test/resources/hl7/" + fixture), StandardCharsets.ISO_8859_1));
        return connection.getInitiator().sendAndReceive(message);
    }

    private static String ackCode(Message ack) throws Exception {
        return new Terser(ack).get("/MSA-1");
    }

    @Test
    @Order(1)
    void anAdmittedPatientsMonitorReadingsReachTheSpecialtiesAndTheStoresWithTheirWard() throws Exception {
        assertThat(ackCode(sendWithHapi("adt-a01.hl7"))).isEqualTo("AA");
        Message ack = sendWithHapi("pcd01-monitor.hl7");
        assertThat(ackCode(ack)).isEqualTo("AA");
        assertThat(new Terser(ack).get("/MSA-2")).isEqualTo("PCD-0001");
        assertThat(ackCode(sendWithHapi("loinc-vitals-v23.hl7"))).isEqualTo("AA");

        String pressureId = "HL7/AcmeMonitor/order/CD12345/OBX/4";
        JsonNode emergency = about(specialties.named("emergency").topic(), pressureId);
        assertThat(emergency.get("reasons").toString()).contains("186/124 mm Hg above 180/120");
        assertThat(emergency.at("/location/ward").asText()).as("from the ADT feed").isEqualTo("3 West ICU");
        assertThat(emergency.at("/location/bed").asText()).isEqualTo("1");
        assertThat(emergency.get("patientId").asText()).isEqualTo("Patient/pcd-1");

        MongoCollection<Document> records = mongo.getDatabase(vigil.mongodb().database()).getCollection(vigil.mongodb().records());
        await("the monitor's 5 records and the ward system's 4 in MongoDB").atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                .until(() -> records.countDocuments(new Document("_id", new Document("$regex", "^HL7/"))), n -> n >= 9);
        Document pressure = records.find(new Document("_id", pressureId)).first();
        assertThat(pressure.get("vitals", Document.class).getDouble("systolicMmHg")).isEqualTo(186.0);
        assertThat(pressure.getString("source")).isEqualTo("hl7:PCD-0001/OBX/4");

        // Sent twice (a sender that lost the ACK): stored once.
        assertThat(ackCode(sendWithHapi("pcd01-monitor.hl7"))).isEqualTo("AA");
        await("the repeat classified").atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> TopicReader.read(vigil.kafka().topics().classified(), 15, Duration.ofSeconds(2)).size() >= 14);
        assertThat(records.countDocuments(new Document("_id", new Document("$regex", "^HL7/")))).isEqualTo(9);
        // What the stores and the alerts read is the published event, HL7's locations and all.
        for (var classified : TopicReader.read(vigil.kafka().topics().classified(), 14, Duration.ofSeconds(5))) {
            String event = new String(classified.value(), StandardCharsets.UTF_8);
            assertThat(ContractSchemas.problems(ClassifiedRecord.class, event)).as(event).isEmpty();
        }

        // A transfer moves the patient's later readings to the new ward.
        assertThat(ackCode(sendWithHapi("adt-a02.hl7"))).isEqualTo("AA");
        String later = Files.readString(Path.of("src/test/resources/hl7/pcd01-monitor.hl7"), StandardCharsets.ISO_8859_1)
                .replace("PCD-0001", "PCD-0002").replace("CD12345", "CD12346").replace("20261201090000", "20261201094500");
        try (MllpTestClient client = new MllpTestClient(port, Duration.ofSeconds(30))) {
            assertThat(client.exchange(later.getBytes(StandardCharsets.ISO_8859_1))).contains("MSA|AA|PCD-0002");
        }
        assertThat(about(specialties.named("emergency").topic(), "HL7/AcmeMonitor/order/CD12346/OBX/4").at("/location/ward").asText())
                .isEqualTo("CCU");
    }

    record Case(String id, byte[] payload, String ack, String reason, boolean deadLettered) {
    }

    @Test
    @Order(2)
    void everyKindOfBadInputGetsItsAcknowledgementItsDeadLetterAndItsReason() throws Exception {
        String pcd = Files.readString(Path.of("src/test/resources/hl7/pcd01-monitor.hl7"), StandardCharsets.ISO_8859_1);
        String adt = Files.readString(Path.of("src/test/resources/hl7/adt-a01.hl7"), StandardCharsets.ISO_8859_1);
        List<Case> cases = new ArrayList<>();
        cases.add(bad("no-msh", "PID|||x^^^H\rOBX|1|NM|8867-4^HR^LN||70|/min^^UCUM|||||F", "AR", "does not start with an MSH segment"));
        // Framing as senders frame it: answered AA like the plain message (#25).
        String crOnly = pcd.replace("\r\n", "\r").replace('\n', '\r');
        cases.add(taken("field-separator", crOnly.replace("|", "#").replace("PCD-0001", "ok-field-separator"), ""));
        cases.add(taken("lf-separated", message(crOnly, "ok-lf-separated").replace('\r', '\n'), ""));
        cases.add(new Case("bom", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, message(crOnly, "ok-bom").getBytes(StandardCharsets.ISO_8859_1)),
                "AA", "", false));
        cases.add(taken("truncation-character", message(crOnly, "ok-truncation-character").replace("MSH|^~\\&|", "MSH|^~\\&#|"), ""));
        cases.add(taken("version-2.1", message(crOnly, "ok-version-2.1").replace("|P|2.6|", "|P|2.1|"), ""));
        cases.add(bad("version", message(pcd, "bad-version").replace("|P|2.6|", "|P|9.1|"), "AR", "HL7 version '9.1'"));
        cases.add(bad("missing-pid-3", message(pcd, "bad-missing-pid-3").replace("PID|||pcd-1^^^", "PID|||^^^"), "AE", "PID-3 (patient identifier) is empty"));
        cases.add(bad("value-not-numeric", message(pcd, "bad-value-not-numeric").replace("|186|", "|high|"), "AE", "OBX-5 'high' is not a number"));
        cases.add(bad("unit-unknown", message(pcd, "bad-unit-unknown").replace("|118|264864^MDC_DIM_BEAT_PER_MIN^MDC|", "|118|furlong^^UCUM|"),
                "AE", "has unit 'furlong'"));
        cases.add(bad("timestamp-invalid", message(pcd, "bad-timestamp-invalid").replace("|R|||20261201090000+0000||||0123456789ABCDEF^EUI-64\rOBX|5",
                "|R|||2026-12-01 09:00||||0123456789ABCDEF^EUI-64\rOBX|5"), "AE", "time '2026-12-01 09:00' is not an HL7 timestamp"));
        cases.add(new Case("wrong-charset", concat(message(pcd, "bad-wrong-charset").replace("|NE|AL|||||", "|NE|AL||UNICODE UTF-8|||")
                .getBytes(StandardCharsets.ISO_8859_1), "PID|||x\u00e9".getBytes(StandardCharsets.ISO_8859_1)), "AR",
                "bytes are not valid UTF-8 as MSH-18 'UNICODE UTF-8' declares", true));
        cases.add(bad("unknown-charset", message(pcd, "bad-unknown-charset").replace("|NE|AL|||||", "|NE|AL||KLINGON|||"), "AR",
                "character set 'KLINGON' (MSH-18) is not supported"));
        cases.add(bad("two-messages", message(pcd, "bad-two-messages") + message(pcd, "bad-two-messages-2"), "AR", "2 messages in one MLLP frame"));
        cases.add(bad("no-control-id", pcd.replace("|PCD-0001|", "||"), "AR", "MSH-10 (message control id) is empty"));
        cases.add(bad("heart-rate-impossible", message(pcd, "bad-heart-rate-impossible").replace("|118|", "|900|"), "AE", "value 900 /min is outside"));
        cases.add(bad("diastolic-above-systolic", message(pcd, "bad-diastolic-above-systolic").replace("|124|", "|200|"), "AE",
                "diastolic 200 mm[Hg] is not below systolic 186 mm[Hg]"));
        cases.add(bad("no-result-status", message(pcd, "bad-no-result-status").replace("|91|262688^MDC_DIM_PERCENT^MDC|||||F|", "|91|262688^MDC_DIM_PERCENT^MDC||||||"),
                "AE", "OBX-11 (result status) is empty"));
        cases.add(bad("no-time", message(pcd, "bad-no-time").replaceAll("\\|20261201090000\\+0000", "|").replace("|||20261201090000+0000\r", "|||\r"),
                "AE", "no time (OBX-14 or OBR-7)"));
        cases.add(bad("comparison-value", message(pcd, "bad-comparison-value").replace("OBX|8|NM|149530^MDC_PULS_OXIM_PULS_RATE^MDC|1.2.1.2|118|",
                "OBX|8|SN|149530^MDC_PULS_OXIM_PULS_RATE^MDC|1.2.1.2|>^200|"), "AE", "is a comparison or a range"));
        // Valid messages Vigil does not use: AA saying why, counted, never dead-lettered (#25).
        cases.add(new Case("no-vital-sign", ("MSH|^~\\&|AcmeMonitor||||20261201090030+0000||ORU^R01^ORU_R01|ok-no-vital-sign|P|2.6\r"
                + "PID|||pcd-1\rOBR|1||X|182777000^monitoring^SCT|||20261201090000\rOBX|1|ST|184327^MDC_ATTR_ALERT_SOURCE^MDC|1|SpO2 low||||||F")
                .getBytes(StandardCharsets.ISO_8859_1), "AA", "not used: no OBX with a vital sign Vigil reads", false));
        cases.add(new Case("adt-without-location", message(adt, "ok-adt-without-location").replace("PV1|1|I|3 West ICU^3002^1^Memorial Hospital", "PV1|1|I|")
                .getBytes(StandardCharsets.ISO_8859_1), "AA", "not used: no point of care in PV1-3", false));
        cases.add(bad("truncated", "MSH|^~\\&|AcmeMonitor||||20261201", "AR", "HL7 version 'null' (MSH-12) is not supported"));
        cases.add(new Case("binary", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'}, "AR",
                "does not start with an MSH segment: not an HL7 v2 message", true));
        cases.add(new Case("unsupported-type", message(pcd, "ok-unsupported-type").replace("|ORU^R01^ORU_R01|", "|ORM^O01^ORM_O01|")
                .getBytes(StandardCharsets.ISO_8859_1), "AA", "not used: message type ORM^O01 is not used by Vigil", false));

        Map<String, String> failures = new LinkedHashMap<>();
        try (MllpTestClient client = new MllpTestClient(port, Duration.ofSeconds(30))) {
            for (Case c : cases) {
                String ack = client.exchange(c.payload());
                // The answer uses the message's own delimiters (a '#'-separated message gets a '#'-separated ACK).
                if (ack == null || !ack.matches("(?s).*MSA(.)" + c.ack() + "\\1.*")
                        || !ack.replace("\\F\\", "|").replace("\\S\\", "^").contains(c.reason())) {
                    failures.put(c.id(), String.valueOf(ack));
                }
            }
        }
        assertThat(failures).as("cases answered otherwise").isEmpty();

        // A frame never closed: no acknowledgement; the listener gives up on it and closes the connection.
        try (MllpTestClient client = new MllpTestClient(port, Duration.ofSeconds(20))) {
            client.send(message(pcd, "bad-never-closed").getBytes(StandardCharsets.ISO_8859_1), false);
            assertThat(client.closedByPeer()).as("closed after the receive timeout").isTrue();
        }

        // Every refused message is dead-lettered once, with its reason and its bytes as sent.
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(vigil.kafka().topics().deadletter(),
                (int) cases.stream().filter(Case::deadLettered).count(), PATIENCE);
        for (Case c : cases) {
            // Found by its bytes, as sent (framing removed, nothing re-encoded).
            List<ConsumerRecord<String, byte[]>> mine = dead.stream().filter(d -> java.util.Arrays.equals(d.value(), c.payload())).toList();
            assertThat(mine).as("dead letters of " + c.id()).hasSize(c.deadLettered() ? 1 : 0);
            if (c.deadLettered()) {
                assertThat(TopicReader.header(mine.get(0), Names.Header.ERROR_MESSAGE)).as(c.id()).contains(c.reason());
                assertThat(TopicReader.header(mine.get(0), Names.Header.ERROR_ROUTE)).as(c.id()).startsWith("hl7-");
            }
        }

        // A dead letter replayed goes through the HL7 routes again: still wrong, refused again, counted as failed.
        java.net.http.HttpResponse<String> replay = java.net.http.HttpClient.newHttpClient().send(TestCredentials.asOperator(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + httpPort + "/api/deadletter/replay?route=hl7-&reason=is%20not%20a%20number")))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode report = JSON.readTree(replay.body());
        assertThat(report.get("matched").asInt()).as(replay.body()).isEqualTo(1);
        assertThat(report.get("failed").asInt()).isEqualTo(1);
        assertThat(report.get("failures").toString()).contains("OBX-5 'high' is not a number");

        // The listener still serves: a good message on a new connection.
        try (MllpTestClient client = new MllpTestClient(port, Duration.ofSeconds(30))) {
            assertThat(client.exchange(message(pcd, "after-the-bad-ones").getBytes(StandardCharsets.ISO_8859_1))).contains("MSA|AA|after-the-bad-ones");
        }
    }

    @Test
    @Order(3)
    void theSimulatorsMonitorMessagesFlowThroughClassificationToTheSpecialtiesAndTheStores() throws Exception {
        org.vigil.simulator.GatewaySimulator.MllpSender monitor = new org.vigil.simulator.GatewaySimulator.MllpSender("127.0.0.1", port);
        int rounds = 0;
        for (int number = 1; number <= 3; number++) {
            org.vigil.simulator.SimulatedPatient patient = new org.vigil.simulator.SimulatedPatient(number, 5, 0.3);
            for (int round = 0; round < 2; round++, rounds++) {
                monitor.send(patient.patientId(), patient.nextReadings(java.time.Instant.parse("2026-12-01T10:00:00Z").plusSeconds(round * 300L)));
            }
        }
        monitor.close();
        assertThat(monitor.accepted).as("every reading acknowledged AA").hasValue(rounds * 5L);
        assertThat(monitor.refused).hasValue(0);

        List<ConsumerRecord<String, byte[]>> nurses = TopicReader.read(specialties.named("vitals").topic(), 1000, Duration.ofSeconds(5));
        java.util.Set<String> simulated = new java.util.HashSet<>();
        for (ConsumerRecord<String, byte[]> message : nurses) {
            JsonNode json = JSON.readTree(message.value());
            if (json.path("patientId").asText().startsWith("Patient/sim-")) {
                simulated.add(json.get("recordId").asText());
            }
        }
        assertThat(simulated).as("a record per reading (a pressure's two OBX together)").hasSize(rounds * 5);
        long readings = rounds * 5L;
        MongoCollection<Document> nursing = mongo.getDatabase(vigil.mongodb().database()).getCollection(specialties.named("vitals").collection());
        await("the simulated readings in the nurses' collection").atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                .until(() -> nursing.countDocuments(new Document("patientId", new Document("$regex", "^Patient/sim-"))), n -> n == readings);
    }

    private static Case taken(String id, String payload, String reason) {
        return new Case(id, payload.getBytes(StandardCharsets.ISO_8859_1), "AA", reason, false);
    }

    private static Case bad(String id, String payload, String ack, String reason) {
        return new Case(id, payload.getBytes(StandardCharsets.ISO_8859_1), ack, reason, true);
    }

    /** The PCD-01 message under another control id (and order), so each case is its own message. */
    private static String message(String template, String controlId) {
        return template.replace("PCD-0001", controlId).replace("ADT-0001", controlId).replace("CD12345", controlId);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private JsonNode about(String topic, String recordId) {
        JsonNode[] found = new JsonNode[1];
        await("a message about " + recordId + " on " + topic).atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    for (ConsumerRecord<String, byte[]> message : TopicReader.read(topic, 1000, Duration.ofSeconds(2))) {
                        JsonNode json = JSON.readTree(message.value());
                        if (recordId.equals(json.path("recordId").asText())) {
                            found[0] = json;
                        }
                    }
                    return found[0] != null;
                });
        return found[0];
    }
}
