package org.vigil.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.vigil.VigilApplication;
import org.vigil.testsupport.IntegrationTestNames;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.TestFhirServer;
import org.vigil.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Polling a real FHIR server (HAPI RestfulServer) across a restart of Vigil: every Observation
 * is taken exactly once, however many pages it spans, and a restarted Vigil carries on from the
 * saved watermark instead of starting again.
 */
class FhirServerPollIT {

    private static final String RUN = "it-poll-" + LocalServices.RUN_ID;

    @Test
    void newObservationsAreTakenOnceEachAcrossARestart() throws Exception {
        try (TestFhirServer server = new TestFhirServer()) {
            Observation heartRate = FhirContext.forR4().newJsonParser().parseResource(Observation.class,
                    Files.readString(Path.of("src/test/resources/fhir/heart-rate.json")));
            for (int i = 0; i < 25; i++) { // three pages of 10
                server.store(withValue(heartRate, 60 + i));
            }

            try (ConfigurableApplicationContext vigil = startVigil(server.baseUrl())) {
                MongoCollection<Document> records = records(vigil);
                await().atMost(Duration.ofMinutes(1)).until(records::countDocuments, count -> count >= 25);
            }

            // While Vigil is down, the ward goes on measuring.
            for (int i = 0; i < 5; i++) {
                server.store(withValue(heartRate, 100 + i));
            }

            try (ConfigurableApplicationContext vigil = startVigil(server.baseUrl())) {
                MongoCollection<Document> records = records(vigil);
                await().atMost(Duration.ofMinutes(1)).until(records::countDocuments, count -> count >= 30);

                List<ConsumerRecord<String, byte[]>> published = TopicReader.read(RUN + ".records", 30, Duration.ofSeconds(30));
                // Keyed by patient (one patient's records on one partition); the record id is in the value.
                Map<String, Long> perRecord = published.stream()
                        .collect(Collectors.groupingBy(FhirServerPollIT::recordId, Collectors.counting()));
                assertThat(published).extracting(ConsumerRecord::key).containsOnly("Patient/example");
                assertThat(published).as("each Observation published once, none again after the restart").hasSize(30);
                assertThat(perRecord.values()).containsOnly(1L);
                assertThat(perRecord.keySet()).contains("Observation/1", "Observation/30");

                Document last = records.find(new Document("_id", "Observation/30")).first();
                assertThat(last.getString("source")).isEqualTo("fhir-server:Observation/30/_history/1");
                assertThat(last.get("vitals", Document.class).getDouble("heartRatePerMin")).isEqualTo(104.0);
                assertThat(Set.copyOf(records.distinct("patientId", String.class).into(new java.util.ArrayList<>())))
                        .containsExactly("Patient/example");
            }
        }
    }

    private static String recordId(ConsumerRecord<String, byte[]> message) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(message.value()).get("recordId").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Observation withValue(Observation template, int beatsPerMinute) {
        Observation observation = template.copy();
        observation.setValue(new Quantity().setValue(beatsPerMinute).setSystem("http://unitsofmeasure.org").setCode("/min"));
        return observation;
    }

    private static MongoCollection<Document> records(ConfigurableApplicationContext vigil) {
        return vigil.getBean(MongoClient.class).getDatabase("vigil")
                .getCollection(vigil.getBean(org.vigil.config.VigilProperties.class).mongodb().records());
    }

    /** A whole Vigil, as the jar would start, pointed at the test services and the FHIR server. */
    private static ConfigurableApplicationContext startVigil(String fhirServerUrl) {
        Map<String, Object> properties = new HashMap<>(LocalServices.properties());
        properties.putAll(IntegrationTestNames.forTest("poll"));
        properties.put("server.port", 0);
        properties.put("vigil.ingest.fhir-server.enabled", true);
        properties.put("vigil.ingest.fhir-server.url", fhirServerUrl);
        properties.put("vigil.ingest.fhir-server.poll-period-ms", 500);
        properties.put("vigil.ingest.fhir-server.page-size", 10);
        // As command-line arguments: they outrank application.yaml, as they would for the jar.
        String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(VigilApplication.class).run(arguments);
    }
}
