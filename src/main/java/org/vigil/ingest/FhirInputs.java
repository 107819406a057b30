package org.vigil.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.springframework.stereotype.Component;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;
import org.vigil.contract.Refusal;
import org.vigil.record.ClinicalRecord;

/**
 * One FHIR R4 JSON input (a resource or a Bundle, from any transport) read in one call: entry by
 * entry ({@link FhirEntries}), each interpreted by {@link FhirObservations} and sorted into a
 * record to publish (JSON keyed by its patient), valid input Vigil does not use (counted per kind,
 * {@link NotUsedInputs}) or a refusal for the dead letter with the entry's resource as it was sent.
 * Every entry also gets its {@link IngestOutcome}, what an HTTP sender is told. One bad entry does
 * not stop the others; an input that is not FHIR at all throws, and its caller's error policy
 * decides (a dead letter with the input's bytes, and an HTTP answer as well).
 */
@Component("fhirInputs")
public class FhirInputs {

    /**
     * What one input became.
     *
     * @param bundleType the Bundle's type, null for a single resource (how the sender is answered)
     * @param outcomes   one per entry, in order
     * @param records    the accepted records as JSON messages keyed by patient, to be published together
     * @param refusals   the refused entries, for the dead letter (a replay sends them to the raw topic)
     */
    public record Read(String bundleType, List<IngestOutcome> outcomes, List<Message> records, List<Refusal> refusals) {
    }

    private final FhirEntries entries;
    private final FhirObservations observations;
    private final NotUsedInputs notUsed;
    private final ObjectMapper json;
    private final CamelContext camel;
    private final String rawTopic;

    public FhirInputs(FhirEntries entries, FhirObservations observations, NotUsedInputs notUsed, ObjectMapper json,
                      CamelContext camel, VigilProperties vigil) {
        this.entries = entries;
        this.observations = observations;
        this.notUsed = notUsed;
        this.json = json;
        this.camel = camel;
        this.rawTopic = vigil.kafka().topics().raw();
    }

    /** For a route: the input's text, named by its source; refusals are labelled as the route that read it. */
    public Read read(@Body String text, @ExchangeProperty(Names.Property.SOURCE) String source) {
        return read(text, source, null, Names.Route.FHIR_INPUT);
    }

    /**
     * @param key   the input's Kafka key, kept for a replay of its refused entries (null when it had none)
     * @param route the route that read the input, named in its dead letters
     */
    public Read read(String text, String source, String key, String route) {
        FhirEntries.FhirInput input = entries.read(text);
        List<IngestOutcome> outcomes = new ArrayList<>(input.entries().size());
        List<Message> records = new ArrayList<>(input.entries().size());
        List<Refusal> refusals = new ArrayList<>(0);
        for (int i = 0; i < input.entries().size(); i++) {
            FhirEntry entry = input.entries().get(i);
            String entrySource = input.bundleType() == null ? source : source + "/entry/" + i;
            try {
                Object interpreted = observations.interpret(entry, entrySource);
                if (interpreted instanceof NotUsed unused) {
                    notUsed.count(unused);
                    outcomes.add(IngestOutcome.notUsed(i, entrySource, unused.reason()));
                } else {
                    ClinicalRecord record = (ClinicalRecord) interpreted;
                    records.add(message(record));
                    outcomes.add(IngestOutcome.accepted(i, entrySource, record.recordId(), IngestOutcomes.notesOf(record)));
                }
            } catch (RuntimeException e) {
                refusals.add(new Refusal(route, entrySource, rawTopic, key, entry.json().getBytes(StandardCharsets.UTF_8), e));
                outcomes.add(IngestOutcome.rejected(i, entrySource, IngestOutcomes.reasonOf(e), IngestOutcomes.isParseError(e)));
            }
        }
        return new Read(input.bundleType(), outcomes, records, refusals);
    }

    private Message message(ClinicalRecord record) {
        Message message = new DefaultMessage(camel);
        try {
            message.setBody(json.writeValueAsString(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a canonical record cannot be written as JSON", e);
        }
        message.setHeader(KafkaConstants.KEY, record.partitionKey());
        return message;
    }
}
