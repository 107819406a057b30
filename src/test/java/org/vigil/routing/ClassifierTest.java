package org.vigil.routing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.vigil.clinical.ClinicalRules;
import org.vigil.clinical.ClinicalThresholds;
import org.vigil.clinical.PatientVitalsWindow;
import org.vigil.config.Specialties;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.VitalSigns;
import org.vigil.risk.RiskModel;
import org.vigil.testsupport.InMemoryPatientVitalsStore;
import org.vigil.testsupport.ShippedConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** A Kafka batch through the classifier: every readable record's messages, each unreadable one refused alone. */
class ClassifierTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final CamelContext camel = new DefaultCamelContext();
    private final Specialties specialties = ShippedConfiguration.specialties();
    private final Classifier classifier = new Classifier(new ClinicalRules(ClinicalThresholds.defaults()),
            new PatientVitalsWindow(new InMemoryPatientVitalsStore(), Duration.ofHours(1)),
            new SpecialtyRouter(specialties), new SpecialtyProjections(ShippedConfiguration.routing(), specialties),
            ShippedConfiguration.routing(), new RiskModel(""), ShippedConfiguration.vigil(), specialties, JSON, camel);

    private Exchange consumed(long offset, String value) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(KafkaConstants.TOPIC, "vigil.records");
        exchange.getMessage().setHeader(KafkaConstants.PARTITION, 1);
        exchange.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        exchange.getMessage().setHeader(KafkaConstants.KEY, "Patient/9");
        exchange.getMessage().setBody(value);
        return exchange;
    }

    @Test
    void everyRecordGetsItsMessagesAndAnUnreadableOneIsRefusedAlone() throws Exception {
        ClinicalRecord crisis = new ClinicalRecord("Observation/bp-1", "test", "Patient/9", Instant.parse("2026-12-01T08:00:00Z"),
                null, null, null, new VitalSigns(195.0, 125.0, null, null, null, null, null, null));
        ClassifiedBatch batch = classifier.classifyBatch(List.of(
                consumed(40, JSON.writeValueAsString(crisis)),
                consumed(41, "{not json"),
                consumed(42, JSON.writeValueAsString(crisis))));

        assertThat(batch.refusals()).singleElement().satisfies(refusal -> {
            assertThat(refusal.route()).isEqualTo(org.vigil.contract.Names.Route.CLASSIFY);
            assertThat(new String(refusal.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(refusal.source()).isEqualTo("kafka:vigil.records:1:41");
        });
        List<String> topics = batch.messages().stream().map(m -> m.getHeader(KafkaConstants.OVERRIDE_TOPIC, String.class)).toList();
        // Per record: the classified topic and the specialties a hypertensive crisis goes to.
        for (String topic : List.of("vigil.classified", "vigil.emergency", "vigil.vitals", "vigil.research", "vigil.cardiology")) {
            assertThat(topics).as(topic).filteredOn(topic::equals).hasSize(2);
        }
        assertThat(batch.messages()).extracting(m -> m.getHeader(KafkaConstants.KEY)).containsOnly("Patient/9");
        Message classified = batch.messages().stream()
                .filter(m -> "vigil.classified".equals(m.getHeader(KafkaConstants.OVERRIDE_TOPIC))).findFirst().orElseThrow();
        assertThat(JSON.readTree(classified.getBody(String.class)).path("anomalies").toString()).contains("HYPERTENSIVE_CRISIS");
    }

    @Test
    void aMoveAndAPrescriptionChangeThePatientsStateOnlyAndTheStateIsWrittenWithoutWaitingForTheCommit() throws Exception {
        InMemoryPatientVitalsStore store = new InMemoryPatientVitalsStore();
        Classifier classifying = new Classifier(new ClinicalRules(ClinicalThresholds.defaults()), new PatientVitalsWindow(store, Duration.ofHours(1)),
                new SpecialtyRouter(specialties), new SpecialtyProjections(ShippedConfiguration.routing(), specialties),
                ShippedConfiguration.routing(), new RiskModel(""), ShippedConfiguration.vigil(), specialties, JSON, camel);
        Instant at = Instant.parse("2026-12-01T08:00:00Z");
        ClinicalRecord move = new ClinicalRecord("adt-1", "test", "Patient/9", at, null, null, null, null)
                .at(new org.vigil.record.PatientLocation("4B", "12", "2", "General", "admitted", at));
        ClinicalRecord prescription = ClinicalRecord.prescription("rx-1", "test", "Patient/9", at.plusSeconds(1), true);
        ClinicalRecord reading = new ClinicalRecord("Observation/hr-1", "test", "Patient/9", at.plusSeconds(2),
                null, null, null, new VitalSigns(null, null, 72.0, null, null, null, null, null));

        ClassifiedBatch batch = classifying.classifyBatch(List.of(consumed(50, JSON.writeValueAsString(move)),
                consumed(51, JSON.writeValueAsString(prescription)), consumed(52, JSON.writeValueAsString(reading))));

        List<Message> classified = batch.messages().stream().filter(m -> "vigil.classified".equals(m.getHeader(KafkaConstants.OVERRIDE_TOPIC))).toList();
        assertThat(classified).as("the reading only: a move and a prescription are state, not records to route").singleElement()
                .satisfies(m -> {
                    assertThat(JSON.readTree(m.getBody(String.class)).path("recordId").asText()).isEqualTo("Observation/hr-1");
                    assertThat(m.getBody(String.class)).as("placed where the move put the patient").contains("4B");
                });
        assertThat(batch.refusals()).isEmpty();
        // Written in the background, before anything asks for it to be durable.
        org.awaitility.Awaitility.await("the state written").atMost(Duration.ofSeconds(10))
                .until(() -> store.load(List.of("Patient/9")).containsKey("Patient/9"));
        assertThat(store.load(List.of("Patient/9")).get("Patient/9")).satisfies(history -> {
            assertThat(history.locations()).isNotEmpty();
            assertThat(history.prescriptions()).isNotEmpty();
        });
    }
}
