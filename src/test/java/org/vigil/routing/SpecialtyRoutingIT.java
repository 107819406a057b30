package org.vigil.routing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.vigil.event.SpecialtyRecord;
import org.vigil.testsupport.ContractSchemas;
import org.vigil.testsupport.VigilIntegrationTest;
import org.vigil.testsupport.TestCredentials;
import org.vigil.config.Specialties;
import org.vigil.simulator.SimulatedPatient;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * heart.csv and simulated bedside vital signs through the real Kafka: each specialty topic gets
 * the right records, and only the fields that specialty may see.
 */
@VigilIntegrationTest("route")
class SpecialtyRoutingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PATIENTS = 3;
    private static final int ROUNDS = 4;

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    Specialties specialties;

    private String topic(String destination) {
        return "it-route-" + LocalServices.RUN_ID + "." + destination;
    }

    @Test
    void eachSpecialtyGetsItsRecordsAndOnlyItsFields() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<String> csvRows = Files.readAllLines(Path.of("data/heart.csv")).subList(1, 1026);
        HttpResponse<String> csv = http.send(TestCredentials.asGateway(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ingest/csv")))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(Path.of("data/heart.csv"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.body()).contains("\"accepted\":1025");

        var fhirJson = FhirContext.forR4().newJsonParser();
        Set<String> simulatedPatients = new java.util.HashSet<>();
        for (int number = 1; number <= PATIENTS; number++) {
            SimulatedPatient patient = new SimulatedPatient(number, 11, 0.5);
            simulatedPatients.add(patient.patientId());
            for (int round = 0; round < ROUNDS; round++) {
                Bundle bundle = new Bundle().setType(Bundle.BundleType.BATCH);
                patient.nextReadings(Instant.parse("2026-11-24T08:00:00Z").plusSeconds(round * 300L))
                        .forEach(o -> bundle.addEntry().setResource(o));
                HttpResponse<String> answer = http.send(TestCredentials.asGateway(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir")))
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(fhirJson.encodeResourceToString(bundle))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.body()).doesNotContain("Unprocessable").doesNotContain("Bad Request");
            }
        }
        int vitalRecords = PATIENTS * ROUNDS * 5;
        int total = csvRows.size() + vitalRecords;

        // Research receives every record, pseudonymised.
        List<JsonNode> research = read("research", total);
        assertThat(research).hasSize(total);
        assertThat(research).noneMatch(m -> m.has("patientId"));
        assertThat(research.stream().filter(m -> m.has("vitals"))).hasSize(vitalRecords).allMatch(m -> m.has("pseudonym"));

        // Expected counts computed from the file itself, not from Vigil's code.
        long highSugar = csvRows.stream().filter(r -> r.split(",")[5].equals("1")).count();
        long highCholesterol = csvRows.stream().filter(r -> Integer.parseInt(r.split(",")[4]) > 200).count();
        assertThat(read("diabetes", (int) highSugar)).hasSize((int) highSugar);
        assertThat(read("dyslipidemia", (int) highCholesterol)).hasSize((int) highCholesterol)
                .allMatch(m -> m.get("cholesterol").asInt() > 200);

        // Every vital sign reaches the nurses, keyed by and naming its patient.
        List<JsonNode> vitals = read("vitals", vitalRecords);
        assertThat(vitals).hasSize(vitalRecords);
        assertThat(vitals.stream().map(m -> m.get("patientId").asText()).collect(Collectors.toSet())).isEqualTo(simulatedPatients);
        assertThat(vitals.get(vitals.size() - 1).has("news2")).isTrue();

        // Every heart.csv row with resting systolic >= 140 is seen by cardiology.
        long hypertensive = csvRows.stream().filter(r -> Integer.parseInt(r.split(",")[3]) >= 140).count();
        List<JsonNode> cardiology = read("cardiology", (int) hypertensive);
        assertThat(cardiology.stream().filter(m -> m.has("restingSystolicBp") && m.get("restingSystolicBp").asInt() >= 140))
                .hasSize((int) hypertensive);

        assertThat(read("research", vitalRecords + csvRows.size())).as("the simulated patients' vital signs, pseudonymised")
                .filteredOn(m -> m.has("pseudonym")).hasSizeGreaterThanOrEqualTo(vitalRecords);
        for (Specialties.Specialty specialty : specialties.all()) {
            String destination = specialty.name();
            List<JsonNode> messages = read(destination, 1);
            assertThat(messages).as(destination + " received messages").isNotEmpty();
            for (JsonNode message : messages) {
                Set<String> fields = new java.util.HashSet<>();
                message.fieldNames().forEachRemaining(fields::add);
                assertThat(fields).as(destination).allMatch(f -> SpecialtyRecord.COMMON.contains(f) && (!f.equals("pseudonym") || specialty.pseudonymise())
                        || specialty.fields().contains(f));
                assertThat(message.get("reasons")).as(destination + " says why").isNotEmpty();
                assertThat(ContractSchemas.problems(SpecialtyRecord.class, message.toString())).as(destination + ": its published schema")
                        .isEmpty();
                if (specialty.pseudonymise()) {
                    // Research: who and which are keyed pseudonyms, when is shifted per patient (dates: shift).
                    assertThat(message.has("patientId")).as(destination + ": no patient id").isFalse();
                    // heart.csv's study rows name no patient: they have no pseudonym either.
                    assertThat(message.path("pseudonym").asText()).as(destination).matches("([0-9a-f]{32})?");
                    assertThat(message.path("recordId").asText()).as(destination + ": the record id a pseudonym").startsWith("r-");
                }
            }
        }
    }

    private final Map<String, List<JsonNode>> cache = new HashMap<>();

    private List<JsonNode> read(String destination, int expected) {
        List<JsonNode> cached = cache.get(destination);
        if (cached != null && cached.size() >= expected) {
            return cached;
        }
        // Delivery is at least once: a batch classified again after a rebalance is published again
        // under the same record ids (the stores write each once). Counted here once per record, so
        // the topic is read until it holds the expected number of distinct records, not of messages.
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(90);
        int messagesWanted = expected;
        List<JsonNode> distinct;
        while (true) {
            Duration left = Duration.between(java.time.Instant.now(), deadline);
            List<ConsumerRecord<String, byte[]>> records = TopicReader.read(topic(destination), messagesWanted,
                    left.isNegative() ? Duration.ZERO : left);
            Map<String, JsonNode> perRecord = new java.util.LinkedHashMap<>();
            for (ConsumerRecord<String, byte[]> r : records) {
                try {
                    JsonNode message = JSON.readTree(r.value());
                    perRecord.put(message.get("recordId").asText(), message);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            distinct = List.copyOf(perRecord.values());
            if (distinct.size() >= expected || java.time.Instant.now().isAfter(deadline)) {
                break;
            }
            messagesWanted = records.size() + (expected - distinct.size()); // as many more as records are missing
        }
        cache.put(destination, distinct);
        return distinct;
    }
}
