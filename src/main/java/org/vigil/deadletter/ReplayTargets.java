package org.vigil.deadletter;

import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.vigil.config.VigilProperties;

/**
 * Where a dead letter goes back to when replayed: a message that came from a Kafka topic (a
 * record the stores refused, one classification failed on, a gateway's FHIR resource) to that
 * topic; a CSV row through CSV decoding again, in its file's coding; a FHIR resource that came
 * over HTTP or from a folder to the raw FHIR topic. Whole requests or files refused before they
 * were split (too large, not UTF-8) are not replayable: their senders must send them again.
 */
@Component
public class ReplayTargets {

    /** Replay through the csv-row route rather than a topic. */
    public static final String CSV_ROW = "csv-row";

    private final String rawTopic;

    public ReplayTargets(VigilProperties properties) {
        this.rawTopic = properties.kafka().topics().raw();
    }

    /** The topic to publish to, {@link #CSV_ROW}, or empty when the dead letter cannot be replayed. */
    public Optional<String> of(Map<String, String> headers) {
        String topic = headers.get(DeadLetters.REPLAY_TOPIC);
        if (topic != null && !topic.isBlank()) {
            return Optional.of(topic);
        }
        String route = headers.getOrDefault(DeadLetters.ROUTE_ID, "");
        if (headers.containsKey(DeadLetters.CSV_CODING) && route.equals("csv-row")) {
            return Optional.of(CSV_ROW);
        }
        if (route.equals("fhir-observation") || route.equals("fhir-ndjson-line")) {
            return Optional.of(rawTopic);
        }
        return Optional.empty();
    }
}
