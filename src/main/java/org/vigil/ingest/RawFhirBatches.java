package org.vigil.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;
import org.vigil.contract.Refusal;
import org.vigil.record.ClinicalRecord;

/**
 * The raw FHIR topic's hot path: a whole Kafka batch read in one call, instead of one Camel
 * exchange and half a dozen route hops per message and per Bundle entry. Each message is checked
 * ({@link InputChecks}: UTF-8, size), read entry by entry ({@link FhirEntries}) and interpreted
 * ({@link FhirObservations}) exactly as the per-message routes do; what it gives is sorted into
 * the records to publish (JSON, keyed by patient), valid input Vigil does not use (counted per
 * kind, {@link NotUsedInputs}) and refusals for the dead letter. A message that is not FHIR at all
 * is refused whole, with its bytes as they arrived; a bad Bundle entry is refused alone, with the
 * entry's resource as it was sent: the same dead letters, sources and reasons as before.
 */
@Component("rawFhirBatches")
public class RawFhirBatches {

    /**
     * What one Kafka batch of the raw topic became.
     *
     * @param records  the canonical records as JSON messages, each keyed by its patient, to be published together
     * @param refusals what could not be read, for the dead letter
     * @param entries  the FHIR entries read, whatever became of them (the route counts them, {@value Names.Counter#FHIR_OBSERVATIONS})
     */
    public record RawBatch(List<Message> records, List<Refusal> refusals, int entries) {
    }

    private final InputChecks checks;
    private final FhirEntries entries;
    private final FhirObservations observations;
    private final NotUsedInputs notUsed;
    private final ObjectMapper json;
    private final CamelContext camel;

    public RawFhirBatches(InputChecks checks, FhirEntries entries, FhirObservations observations, NotUsedInputs notUsed,
                          ObjectMapper json, CamelContext camel) {
        this.checks = checks;
        this.entries = entries;
        this.observations = observations;
        this.notUsed = notUsed;
        this.json = json;
        this.camel = camel;
    }

    public RawBatch read(@Body List<Exchange> batch) {
        List<Message> records = new ArrayList<>(batch.size());
        List<Refusal> refusals = new ArrayList<>();
        int read = 0;
        for (Exchange exchange : batch) {
            Message message = exchange.getMessage();
            String topic = message.getHeader(KafkaConstants.TOPIC, String.class);
            String key = message.getHeader(KafkaConstants.KEY, String.class);
            String source = Refusal.sourceOf(topic, message.getHeader(KafkaConstants.PARTITION, Integer.class),
                    message.getHeader(KafkaConstants.OFFSET, Long.class));
            FhirEntries.FhirInput input;
            try {
                input = entries.read(checks.requireText(exchange));
            } catch (RuntimeException e) {
                byte[] bytes = message.getBody(byte[].class);
                refusals.add(new Refusal(Names.Route.KAFKA_RAW_INGEST, source, topic, key, bytes == null ? new byte[0] : bytes, e));
                continue;
            }
            for (int i = 0; i < input.entries().size(); i++) {
                FhirEntry entry = input.entries().get(i);
                String entrySource = input.bundleType() == null ? source : source + "/entry/" + i;
                read++;
                try {
                    Object interpreted = observations.interpret(entry, entrySource);
                    if (interpreted instanceof NotUsed unused) {
                        notUsed.count(unused);
                    } else {
                        records.add(recordMessage((ClinicalRecord) interpreted));
                    }
                } catch (RuntimeException | JsonProcessingException e) {
                    refusals.add(new Refusal(Names.Route.KAFKA_RAW_INGEST, entrySource, topic, key,
                            entry.json().getBytes(StandardCharsets.UTF_8), e instanceof RuntimeException r ? r : new IllegalStateException(e)));
                }
            }
        }
        return new RawBatch(records, refusals, read);
    }

    /** The record as publish-record sends it: its JSON, keyed by its patient. */
    private Message recordMessage(ClinicalRecord record) throws JsonProcessingException {
        Message message = new DefaultMessage(camel);
        message.setBody(json.writeValueAsString(record));
        message.setHeader(KafkaConstants.KEY, record.partitionKey());
        return message;
    }
}
