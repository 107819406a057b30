package org.vigil.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.springframework.stereotype.Component;
import org.vigil.clinical.ClinicalRules;
import org.vigil.clinical.Finding;
import org.vigil.clinical.News2;
import org.vigil.clinical.PatientVitalsWindow;
import org.vigil.config.Specialties;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;
import org.vigil.contract.Refusal;
import org.vigil.event.Trigger;
import org.vigil.record.ClinicalRecord;
import org.vigil.risk.RiskModel;
import org.vigil.risk.RiskScore;

/**
 * Decides what records mean and who must see them, a Kafka batch at a time: the clinical rules,
 * NEWS2 for vital signs (from the patients' windows, see {@link PatientVitalsWindow}: one state
 * read per batch, and one write after the batch's messages are published, {@link #saveState}), the PMML risk score for heart-study records, the router's
 * specialties, and for each the message that specialty may receive; plus one message with the
 * whole record and its classification for the classified topic, which the stores read. A record
 * that cannot be read or classified is refused alone (to the dead letter); the rest of the batch
 * goes on. A state store that fails fails the batch, which is retried (vigil-wait-for-state).
 */
@Component("classifier")
public class Classifier {

    private final ClinicalRules rules;
    private final PatientVitalsWindow vitalsWindow;
    private final SpecialtyRouter router;
    private final SpecialtyProjections projections;
    private final RoutingProperties properties;
    private final RiskModel riskModel;
    private final String classifiedTopic;
    private final Specialties specialties;
    private final ObjectMapper json;
    private final CamelContext camel;
    /**
     * Writes the batches' NEWS2 state while their messages are published and the next batches are
     * classified: one thread, so the writes go in the order the batches were classified.
     */
    private final java.util.concurrent.ExecutorService stateWriter = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "vigil-news2-state-writer");
        thread.setDaemon(true);
        return thread;
    });

    public Classifier(ClinicalRules rules, PatientVitalsWindow vitalsWindow, SpecialtyRouter router,
                      SpecialtyProjections projections, RoutingProperties properties, RiskModel riskModel,
                      VigilProperties vigil, Specialties specialties, ObjectMapper json, CamelContext camel) {
        this.rules = rules;
        this.vitalsWindow = vitalsWindow;
        this.router = router;
        this.projections = projections;
        this.properties = properties;
        this.riskModel = riskModel;
        this.classifiedTopic = vigil.kafka().topics().classified();
        this.specialties = specialties;
        this.json = json;
        this.camel = camel;
    }

    @jakarta.annotation.PreDestroy
    void close() {
        stateWriter.shutdown();
    }

    /** A batch as consumed from the records topic (one exchange per Kafka record). */
    public ClassifiedBatch classifyBatch(@Body List<Exchange> batch) {
        List<PatientVitalsWindow.Positioned> records = new ArrayList<>(batch.size());
        List<Message> consumed = new ArrayList<>(batch.size());
        List<Refusal> refusals = new ArrayList<>();
        for (Exchange exchange : batch) {
            Message message = exchange.getMessage();
            try {
                records.add(new PatientVitalsWindow.Positioned(message.getHeader(KafkaConstants.PARTITION, Integer.class),
                        message.getHeader(KafkaConstants.OFFSET, Long.class), json.readValue(message.getBody(String.class), ClinicalRecord.class)));
                consumed.add(message);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                refusals.add(refusal(message, e));
            }
        }
        // State failures (a store down) fail the batch, to be waited out; a record's own failure refuses it alone.
        PatientVitalsWindow.Assessed window = vitalsWindow.assess(records);
        Map<PatientVitalsWindow.Positioned, PatientVitalsWindow.Assessment> assessed = window.assessments();
        List<Message> messages = new ArrayList<>(records.size() * 3);
        for (int i = 0; i < records.size(); i++) {
            PatientVitalsWindow.Positioned positioned = records.get(i);
            List<Message> own = new ArrayList<>(4);
            PatientVitalsWindow.Assessment assessment = assessed.get(positioned);
            ClinicalRecord record = positioned.record();
            if (record.movesPatient() || record.prescribes()) {
                continue; // an ADT message or a prescription: the patient's state took it, nothing to route
            }
            if (assessment != null && assessment.location() != null) {
                record = record.at(assessment.location());
            }
            try {
                classify(record, assessment == null ? null : assessment.news2(), own);
                messages.addAll(own);
            } catch (RuntimeException e) {
                refusals.add(refusal(consumed.get(i), e));
            }
        }
        // The state's write goes on while the messages are published (the route commits the batch
        // once both are done: kafkaBatches.commitDurable).
        window.saveInBackground(stateWriter);
        return new ClassifiedBatch(messages, refusals, window);
    }

    private static Refusal refusal(Message message, Exception reason) {
        String value = message.getBody(String.class);
        return Refusal.ofRecord(Names.Route.CLASSIFY, message.getHeader(KafkaConstants.TOPIC, String.class),
                message.getHeader(KafkaConstants.PARTITION, Integer.class), message.getHeader(KafkaConstants.OFFSET, Long.class),
                message.getHeader(KafkaConstants.KEY, String.class),
                value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8), reason);
    }

    private void classify(ClinicalRecord record, News2.Score news2, List<Message> messages) {
        if (record.retracts()) {
            retract(record, news2, messages);
            return;
        }
        ClinicalRules.Assessment assessment = rules.assess(record);
        // Records without the core features (e.g. vital signs alone) are not scored, rather than scored 0.
        RiskScore risk = riskModel.score(record.heart()).orElse(null);
        Map<String, String> facts = Trigger.factsOf(record, assessment, news2,
                risk == null ? null : risk.probability(), properties.riskThreshold());
        RoutingDecision decision = router.route(facts);
        List<String> findings = assessment.findings().stream().map(Finding::rule).map(Enum::name).toList();
        String key = record.partitionKey();
        decision.reasonsByDestination().forEach((destination, reasons) -> messages.add(message(
                specialties.named(destination).topic(), key, projections.project(destination, record, findings, news2, risk, reasons))));
        messages.add(message(classifiedTopic, key, projections.classified(record, findings,
                anomalies(facts), news2, risk, List.copyOf(decision.reasonsByDestination().keySet()))));
    }

    /** The record's anomalies, each with its reason (what an alert says fired it). */
    private static Map<String, String> anomalies(Map<String, String> facts) {
        Map<String, String> anomalies = new java.util.LinkedHashMap<>();
        Trigger.anomaliesOf(facts).forEach(anomaly -> anomalies.put(anomaly, facts.get(anomaly)));
        return anomalies;
    }

    /**
     * A retraction goes wherever the record it retracts may have gone: the classified topic and
     * every specialty topic (the routing of an earlier record is not kept; a consumer that never
     * had the record ignores it), each message projected like any other for that topic.
     */
    private void retract(ClinicalRecord record, News2.Score news2, List<Message> messages) {
        String key = record.partitionKey();
        specialties.all().forEach(specialty -> messages.add(message(specialty.topic(), key,
                projections.retraction(specialty.name(), record, news2))));
        messages.add(message(classifiedTopic, key, projections.retractionClassified(record, news2)));
    }

    private Message message(String topic, String key, Object event) {
        Message message = new DefaultMessage(camel);
        message.setHeader(KafkaConstants.OVERRIDE_TOPIC, topic);
        message.setHeader(KafkaConstants.KEY, key);
        try {
            message.setBody(json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a classified message as JSON", e);
        }
        return message;
    }
}
