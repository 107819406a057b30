package org.vigil.config;

import org.apache.kafka.common.errors.RetriableException;
import org.springframework.stereotype.Component;

/**
 * Whether a failure means Kafka cannot take records now (no broker, no leader, not enough in-sync
 * replicas, a send that timed out): not bad input, so nothing to dead-letter. The sender is told to
 * send again later (HTTP 503 with Retry-After; HL7 AR), and nothing was answered as taken.
 * Used by the route configurations {@code vigil-http-errors} and {@code vigil-hl7-errors}.
 */
@Component("kafkaUnavailable")
public class KafkaUnavailable {

    public boolean matches(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriableException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
