package org.vigil.clinical;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;
import org.vigil.record.ClinicalRecord;

/**
 * A clinician prescribes SpO2 scale 2 (target 88-92 %) for a patient in hypercapnic respiratory
 * failure, or withdraws it. The prescription is a record on the records topic, keyed by the
 * patient: the instance that owns the patient's NEWS2 state applies it in order with the patient's
 * readings (from the next reading on), and keeps it with the patient's history. Nothing is read per
 * batch to learn it.
 */
@Component
public class News2Prescriptions {

    private final PatientVitalsWindow window;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Clock clock;

    @Autowired
    public News2Prescriptions(PatientVitalsWindow window, ProducerTemplate producer, ObjectMapper json) {
        this(window, producer, json, Clock.systemUTC());
    }

    News2Prescriptions(PatientVitalsWindow window, ProducerTemplate producer, ObjectMapper json, Clock clock) {
        this.window = window;
        this.producer = producer;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Returns once the prescription is durable on the records topic (acks=all).
     *
     * @param by who prescribed (the signed-in user), kept as the record's source
     * @return false, and nothing sent, when Vigil has never seen the patient (a mistyped id)
     */
    public boolean prescribe(String patientId, boolean spo2Scale2, String by) {
        if (!window.knows(patientId)) {
            return false;
        }
        String id = "news2-prescription/" + UUID.randomUUID();
        ClinicalRecord prescription = ClinicalRecord.prescription(id, "http:news2-prescription:" + by, patientId,
                Instant.now(clock), spo2Scale2);
        try {
            producer.sendBodyAndHeader(Names.Route.direct(Names.Route.NEWS2_PRESCRIPTION), json.writeValueAsString(prescription),
                    KafkaConstants.KEY, prescription.partitionKey());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a prescription as JSON", e);
        }
        return true;
    }
}
