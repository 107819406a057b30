package org.vigil.pipeline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.vigil.config.Specialties;
import org.vigil.event.ClassifiedRecord;
import org.vigil.testsupport.ContractSchemas;
import org.vigil.testsupport.TestCredentials;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real input's lifecycle through the real Kafka, MongoDB-protocol server and Elasticsearch: a
 * Synthea patient Bundle gives its vital signs and leaves everything else not used (answered 200,
 * never dead-lettered); an Observation later sent again as entered-in-error is marked retracted in
 * both stores and announced on the topics that carried it, and NEWS2 is recomputed without it; a
 * clinician's SpO2 scale 2 prescription holds from the patient's next reading on.
 */
@VigilIntegrationTest("retract")
class RetractionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final String PATIENT = "Patient/retract-" + LocalServices.RUN_ID;
    private static final String BP_ID = "retract-bp-" + LocalServices.RUN_ID;

    @LocalServerPort
    int port;
    @Autowired
    MongoClient mongo;
    @Autowired
    ElasticsearchClient elasticsearch;
    @Autowired
    VigilProperties vigil;
    @Autowired
    Specialties specialties;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPatientBundleGivesItsVitalSignsAndTheRestIsNotUsedNeverDeadLettered() throws Exception {
        HttpResponse<String> answer = post("/fhir", "bundle-1",
                HttpRequest.BodyPublishers.ofFile(Path.of("src/test/resources/acceptance-corpus/synthea/"
                        + "Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json")));
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode entries = JSON.readTree(answer.body()).get("entry");
        assertThat(entries).hasSize(70);
        assertThat(statuses(entries, "201 Created")).isEqualTo(12);
        assertThat(statuses(entries, "200 OK")).isEqualTo(58);
        assertThat(answer.body()).contains("not used: Claim is not used").contains("is not a measurement Vigil uses")
                .contains("translated: http://loinc.org|55284-4 -> 85354-9");

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.all(vigil.kafka().topics().deadletter());
        assertThat(dead).as("nothing of a valid Bundle is dead-lettered").isEmpty();
    }

    @Test
    void anEnteredInErrorObservationRetractsItsRecordInBothStoresAndOnTheTopics() throws Exception {
        assertThat(post("/fhir/Observation", "hr", observation("retract-hr-" + LocalServices.RUN_ID, "final", heartRate(135))).statusCode())
                .isEqualTo(201);
        assertThat(post("/fhir/Observation", "bp", observation(BP_ID, "final", bloodPressure(190, 125))).statusCode()).isEqualTo(201);

        String recordId = "Observation/" + BP_ID;
        MongoDatabase database = mongo.getDatabase(vigil.mongodb().database());
        String emergency = specialties.named("emergency").collection();
        await("the crisis reading stored").atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() ->
                stored(database, vigil.mongodb().records(), recordId) != null && stored(database, emergency, recordId) != null
                        && indexed(recordId).found());

        assertThat(post("/fhir/Observation", "bp-error", observation(BP_ID, "entered-in-error", bloodPressure(190, 125))).statusCode())
                .isEqualTo(201);

        await("the record marked retracted in MongoDB and Elasticsearch").atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().until(() -> Boolean.TRUE.equals(stored(database, vigil.mongodb().records(), recordId).get("retracted"))
                        && Boolean.TRUE.equals(stored(database, emergency, recordId).get("retracted"))
                        && Boolean.TRUE.equals(indexed(recordId).source().get("retracted")));
        Document record = stored(database, vigil.mongodb().records(), recordId);
        assertThat(record.getString("status")).isEqualTo("entered-in-error");
        assertThat(record.get("vitals", Document.class).getDouble("systolicMmHg")).as("what was sent is kept, marked").isEqualTo(190.0);
        elasticsearch.indices().refresh(r -> r.index(vigil.elasticsearch().anomalies()));
        GetResponse<java.util.Map> anomaly = elasticsearch.get(g -> g.index(vigil.elasticsearch().anomalies()).id(recordId), java.util.Map.class);
        assertThat(anomaly.source()).containsEntry("retracted", true);

        for (String destination : List.of("emergency", "vitals")) {
            JsonNode retraction = lastAbout(specialties.named(destination).topic(), recordId);
            assertThat(retraction.get("retracted").asBoolean()).as(destination).isTrue();
            assertThat(retraction.get("patientId").asText()).isEqualTo(PATIENT);
        }
        JsonNode classified = lastAbout(vigil.kafka().topics().classified(), recordId);
        assertThat(classified.get("retracted").asBoolean()).isTrue();
        assertThat(ContractSchemas.problems(ClassifiedRecord.class, classified.toString())).as("the published event").isEmpty();
        assertThat(classified.at("/news2/missing").toString()).as("NEWS2 recomputed without the retracted pressure")
                .contains("SYSTOLIC_BP");
        assertThat(classified.at("/news2/scores/PULSE").asInt()).as("the heart rate still counts").isEqualTo(3);
    }

    @Test
    void aSpo2Scale2PrescriptionHoldsFromThePatientsNextReadingOn() throws Exception {
        String patient = "Patient/hypercapnic-" + LocalServices.RUN_ID;
        assertThat(post("/fhir/Observation", "spo2-1", spo2(patient, "spo2-1-" + LocalServices.RUN_ID, "09:00")).statusCode()).isEqualTo(201);
        String first = "Observation/spo2-1-" + LocalServices.RUN_ID;
        await("the first reading classified").atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> lastAbout(vigil.kafka().topics().classified(), first) != null);
        assertThat(lastAbout(vigil.kafka().topics().classified(), first).at("/news2/scores/SPO2").asInt()).as("scale 1: 89 % scores 3")
                .isEqualTo(3);

        HttpResponse<String> prescribed = http.send(TestCredentials.asCaregiver(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/news2/hypercapnic?patient=" + patient + "&value=true"))).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(prescribed.statusCode()).as(prescribed.body()).isEqualTo(200);
        assertThat(JSON.readTree(prescribed.body()).path("spo2Scale").asInt()).isEqualTo(2);

        assertThat(post("/fhir/Observation", "spo2-2", spo2(patient, "spo2-2-" + LocalServices.RUN_ID, "09:05")).statusCode()).isEqualTo(201);
        String second = "Observation/spo2-2-" + LocalServices.RUN_ID;
        await("the next reading classified").atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> lastAbout(vigil.kafka().topics().classified(), second) != null);
        assertThat(lastAbout(vigil.kafka().topics().classified(), second).at("/news2/scores/SPO2").asInt())
                .as("scale 2, prescribed before it: 89 % is within 88-92 %").isEqualTo(0);
    }

    private static HttpRequest.BodyPublisher spo2(String patient, String id, String time) {
        return HttpRequest.BodyPublishers.ofString("""
                {"resourceType": "Observation", "id": "%s", "status": "final",
                 "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
                 "subject": {"reference": "%s"}, "effectiveDateTime": "2026-12-01T%s:00Z",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "59408-5"}]},
                 "valueQuantity": {"value": 89, "system": "http://unitsofmeasure.org", "code": "%%"}}
                """.formatted(id, patient, time));
    }

    private HttpResponse<String> post(String path, String request, HttpRequest.BodyPublisher body) throws Exception {
        return http.send(TestCredentials.asGateway(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)))
                .header("Content-Type", "application/fhir+json").header(Names.Header.REQUEST_ID, "retract-" + request + "-" + LocalServices.RUN_ID)
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long statuses(JsonNode entries, String status) {
        long count = 0;
        for (JsonNode entry : entries) {
            if (status.equals(entry.at("/response/status").asText())) {
                count++;
            }
        }
        return count;
    }

    private static Document stored(MongoDatabase database, String collection, String id) {
        return database.getCollection(collection).find(new Document("_id", id)).first();
    }

    @SuppressWarnings("rawtypes")
    private GetResponse<java.util.Map> indexed(String id) throws Exception {
        elasticsearch.indices().refresh(r -> r.index(vigil.elasticsearch().observations()));
        return elasticsearch.get(g -> g.index(vigil.elasticsearch().observations()).id(id), java.util.Map.class);
    }

    private JsonNode lastAbout(String topic, String recordId) throws Exception {
        JsonNode last = null;
        for (ConsumerRecord<String, byte[]> message : TopicReader.read(topic, 1000, Duration.ofSeconds(5))) {
            JsonNode json = JSON.readTree(message.value());
            if (recordId.equals(json.path("recordId").asText())) {
                last = json;
            }
        }
        assertThat(last).as("a message about %s on %s", recordId, topic).isNotNull();
        return last;
    }

    private static String heartRate(int perMinute) {
        return """
                "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
                "valueQuantity": {"value": %d, "system": "http://unitsofmeasure.org", "code": "/min"}
                """.formatted(perMinute);
    }

    private static String bloodPressure(int systolic, int diastolic) {
        return """
                "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
                "component": [
                  {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                   "valueQuantity": {"value": %d, "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}},
                  {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
                   "valueQuantity": {"value": %d, "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}]
                """.formatted(systolic, diastolic);
    }

    private static HttpRequest.BodyPublisher observation(String id, String status, String reading) {
        return HttpRequest.BodyPublishers.ofString("""
                {"resourceType": "Observation", "id": "%s", "status": "%s",
                 "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
                 "subject": {"reference": "%s"}, "effectiveDateTime": "2026-12-01T09:00:00Z",
                 %s}
                """.formatted(id, status, PATIENT, reading));
    }
}
