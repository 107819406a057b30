package org.vigil.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import ca.uhn.fhir.context.FhirContext;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.component.kafka.KafkaConstants;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;
import org.vigil.contract.Refusal;
import org.vigil.ingest.FhirEntry;
import org.vigil.store.DocumentRejectedException;
import org.vigil.store.StoreRejection;

/**
 * Labels a failed message for the dead-letter topic. The body stays the original input (the
 * route configuration uses the original message); the reason travels in headers, so an operator
 * can read why without decoding the payload, and a replay can filter on them.
 */
@Component("deadLetters")
public class DeadLetters {

    private final FhirContext fhir;
    private final int maxPayloadBytes;

    public DeadLetters(FhirContext fhir, @Value("${vigil.deadletter.max-payload-bytes}") int maxPayloadBytes) {
        this.fhir = fhir;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public void describe(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        var message = exchange.getMessage();
        message.setHeader(Names.Header.ERROR_CLASS, cause == null ? "unknown" : cause.getClass().getName());
        message.setHeader(Names.Header.ERROR_MESSAGE, cause == null ? "no exception recorded" : String.valueOf(cause.getMessage()));
        message.setHeader(Names.Header.ERROR_ROUTE, String.valueOf(exchange.getProperty(Exchange.FAILURE_ROUTE_ID)));
        message.setHeader(Names.Header.ERROR_TIME, Instant.now().toString());
        String source = exchange.getProperty(Names.Property.SOURCE, String.class);
        if (source != null) {
            message.setHeader(Names.Header.SOURCE, source);
        }
        String topic = message.getHeader(KafkaConstants.TOPIC, String.class);
        if (topic != null) {
            message.setHeader(Names.Header.REPLAY_TOPIC, topic);
            String key = message.getHeader(KafkaConstants.KEY, String.class);
            if (key != null) {
                message.setHeader(Names.Header.REPLAY_KEY, key);
            }
        }
        Object coding = exchange.getProperty(Names.Property.CSV_CODING);
        if (coding != null) {
            message.setHeader(Names.Header.CSV_CODING, coding.toString());
        }
        if (message.getBody() instanceof FhirEntry entry) {
            // One Bundle entry: its resource as sent (the Bundle was read entry by entry).
            message.setBody(entry.json());
        } else if (message.getBody() instanceof IBaseResource resource) {
            // A Bundle entry that failed after the Bundle was parsed: its resource, as FHIR JSON.
            message.setBody(fhir.newJsonParser().encodeResourceToString(resource));
        }
        byte[] payload = message.getBody(byte[].class);
        if (payload != null) {
            message.setBody(truncated(message, payload));
        }
    }

    /** Kafka refuses huge records: over the limit, the head of the input is kept and the header says how much there was. */
    private byte[] truncated(org.apache.camel.Message message, byte[] payload) {
        if (payload.length <= maxPayloadBytes) {
            return payload;
        }
        message.setHeader(Names.Header.TRUNCATED_FROM, String.valueOf(payload.length));
        return Arrays.copyOf(payload, maxPayloadBytes);
    }

    /** Labels what a batch stage refused ({@link Refusal}): the bytes as they arrived, and why. */
    public void describeRefusal(Exchange exchange) throws InvalidPayloadException {
        Refusal refusal = exchange.getMessage().getMandatoryBody(Refusal.class);
        var message = exchange.getMessage();
        message.setHeader(Names.Header.ERROR_CLASS, refusal.reason().getClass().getName());
        message.setHeader(Names.Header.ERROR_MESSAGE, String.valueOf(refusal.reason().getMessage()));
        message.setHeader(Names.Header.ERROR_ROUTE, refusal.route());
        message.setHeader(Names.Header.ERROR_TIME, Instant.now().toString());
        message.setHeader(Names.Header.SOURCE, refusal.source());
        message.setHeader(Names.Header.REPLAY_TOPIC, refusal.topic());
        if (refusal.key() != null) {
            message.setHeader(Names.Header.REPLAY_KEY, refusal.key());
        }
        message.setBody(truncated(message, refusal.value()));
    }

    /** Labels a document a store refused for good: the message as consumed, and the store's words. */
    public void describeRejection(Exchange exchange) throws InvalidPayloadException {
        StoreRejection rejection = exchange.getMessage().getMandatoryBody(StoreRejection.class);
        var message = exchange.getMessage();
        message.setHeader(Names.Header.ERROR_CLASS, DocumentRejectedException.class.getName());
        message.setHeader(Names.Header.ERROR_MESSAGE, rejection.reason());
        message.setHeader(Names.Header.ERROR_ROUTE, "store-" + rejection.store());
        message.setHeader(Names.Header.ERROR_TIME, Instant.now().toString());
        message.setHeader(Names.Header.SOURCE, rejection.message().source());
        message.setHeader(Names.Header.STORE, rejection.store());
        message.setHeader(Names.Header.STORE_TARGET, rejection.target());
        message.setHeader(Names.Header.REPLAY_TOPIC, rejection.message().topic());
        if (rejection.message().key() != null) {
            message.setHeader(Names.Header.REPLAY_KEY, rejection.message().key());
        }
        message.setBody(rejection.message().value().getBytes(StandardCharsets.UTF_8));
    }
}
