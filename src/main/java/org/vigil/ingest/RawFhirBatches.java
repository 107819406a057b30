package org.vigil.ingest;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;
import org.vigil.contract.Refusal;

/**
 * The raw FHIR topic's hot path: a whole Kafka batch read in one call, instead of one Camel
 * exchange and half a dozen route hops per message and per Bundle entry. Each message is checked
 * ({@link InputChecks}: UTF-8, size) and read as every FHIR input is ({@link FhirInputs}): records
 * to publish, valid input Vigil does not use (counted), refusals for the dead letter. A message that is not FHIR at all
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
    private final FhirInputs inputs;

    public RawFhirBatches(InputChecks checks, FhirInputs inputs) {
        this.checks = checks;
        this.inputs = inputs;
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
            try {
                FhirInputs.Read input = inputs.read(checks.requireText(exchange), source, key, Names.Route.KAFKA_RAW_INGEST);
                records.addAll(input.records());
                refusals.addAll(input.refusals());
                read += input.outcomes().size();
            } catch (RuntimeException e) {
                byte[] bytes = message.getBody(byte[].class);
                refusals.add(new Refusal(Names.Route.KAFKA_RAW_INGEST, source, topic, key, bytes == null ? new byte[0] : bytes, e));
            }
        }
        return new RawBatch(records, refusals, read);
    }
}
