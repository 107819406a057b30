package org.vigil.deadletter;

import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;

/**
 * Where a dead letter goes back to when replayed: a message that came from a Kafka topic (a
 * record the stores refused, one classification failed on, a gateway's FHIR resource) to that
 * topic; a CSV row through CSV decoding again, in its file's coding; an HL7 v2 message through
 * the HL7 routes again (its acknowledgement goes nowhere: the sender was answered when it was refused); a FHIR resource that came
 * over HTTP or from a folder to the raw FHIR topic. Whole requests or files refused before they
 * were split (too large, not UTF-8) are not replayable: their senders must send them again.
 */
@Component
public class ReplayTargets {

    private final String rawTopic;

    public ReplayTargets(VigilProperties properties) {
        this.rawTopic = properties.kafka().topics().raw();
    }

    /** The HL7 routes of earlier versions (one per message type): their dead letters go through hl7-message now. */
    private static final java.util.Set<String> EARLIER_HL7_ROUTES = java.util.Set.of("hl7-oru", "hl7-adt");

    /** The topic to publish to, {@link Names.Route#CSV_ROW}, or empty when the dead letter cannot be replayed. */
    public Optional<String> of(Map<String, String> headers) {
        String topic = headers.get(Names.Header.REPLAY_TOPIC);
        if (topic != null && !topic.isBlank()) {
            return Optional.of(topic);
        }
        String route = headers.getOrDefault(Names.Header.ERROR_ROUTE, "");
        if (headers.containsKey(Names.Header.CSV_CODING) && route.equals(Names.Route.CSV_ROW)) {
            return Optional.of(Names.Route.CSV_ROW);
        }
        if (route.equals(Names.Route.HL7_MESSAGE) || EARLIER_HL7_ROUTES.contains(route)) {
            return Optional.of(Names.Route.HL7_MESSAGE);
        }
        if (route.equals(Names.Route.FHIR_OBSERVATION) || route.equals(Names.Route.FHIR_NDJSON_LINE)) {
            return Optional.of(rawTopic);
        }
        return Optional.empty();
    }
}
