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
import org.vigil.ingest.HeartCsvRows;
import org.vigil.store.DocumentRejectedException;
import org.vigil.store.StoreRejection;

/**
 * Labels a failed message for the dead-letter topic. The body stays the original input (the
 * route configuration uses the original message); the reason travels in headers, so an operator
 * can read why without decoding the payload, and a replay can filter on them.
 */
@Component("deadLetters")
public class DeadLetters {

    public static final String ERROR_CLASS = "vigil.error.class";
    public static final String ERROR_MESSAGE = "vigil.error.message";
    public static final String ROUTE_ID = "vigil.error.route";
    public static final String FAILED_AT = "vigil.error.time";
    public static final String SOURCE = "vigil.source";

    /** Exchange property in which ingest routes name where a message came from. */
    public static final String SOURCE_PROPERTY = "vigilSource";

    public static final String TRUNCATED_FROM = "vigil.payload.truncated-from-bytes";

    /** Which store refused a document, and the collection or index it was meant for. */
    public static final String STORE = "vigil.error.store";
    public static final String STORE_TARGET = "vigil.error.target";

    /** A message that came from a Kafka topic goes back there when replayed, with its key. */
    public static final String REPLAY_TOPIC = "vigil.replay.topic";
    public static final String REPLAY_KEY = "vigil.replay.key";
    /** A CSV row is replayed in the coding of the file it came from. */
    public static final String CSV_CODING = "vigil.csv.coding";

    private final FhirContext fhir;
    private final int maxPayloadBytes;

    public DeadLetters(FhirContext fhir, @Value("${vigil.deadletter.max-payload-bytes}") int maxPayloadBytes) {
        this.fhir = fhir;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public void describe(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        var message = exchange.getMessage();
        message.setHeader(ERROR_CLASS, cause == null ? "unknown" : cause.getClass().getName());
        message.setHeader(ERROR_MESSAGE, cause == null ? "no exception recorded" : String.valueOf(cause.getMessage()));
        message.setHeader(ROUTE_ID, String.valueOf(exchange.getProperty(Exchange.FAILURE_ROUTE_ID)));
        message.setHeader(FAILED_AT, Instant.now().toString());
        String source = exchange.getProperty(SOURCE_PROPERTY, String.class);
        if (source != null) {
            message.setHeader(SOURCE, source);
        }
        String topic = message.getHeader(KafkaConstants.TOPIC, String.class);
        if (topic != null) {
            message.setHeader(REPLAY_TOPIC, topic);
            String key = message.getHeader(KafkaConstants.KEY, String.class);
            if (key != null) {
                message.setHeader(REPLAY_KEY, key);
            }
        }
        Object coding = exchange.getProperty(HeartCsvRows.CODING_PROPERTY);
        if (coding != null) {
            message.setHeader(CSV_CODING, coding.toString());
        }
        if (message.getBody() instanceof IBaseResource resource) {
            // A Bundle entry that failed after the Bundle was parsed: its resource, as FHIR JSON.
            message.setBody(fhir.newJsonParser().encodeResourceToString(resource));
        }
        byte[] payload = message.getBody(byte[].class);
        if (payload != null && payload.length > maxPayloadBytes) {
            // Kafka refuses huge records; keep the head of the input and say how much there was.
            message.setHeader(TRUNCATED_FROM, String.valueOf(payload.length));
            message.setBody(Arrays.copyOf(payload, maxPayloadBytes));
        }
    }

    /** Labels a document a store refused for good: the message as consumed, and the store's words. */
    public void describeRejection(Exchange exchange) throws InvalidPayloadException {
        StoreRejection rejection = exchange.getMessage().getMandatoryBody(StoreRejection.class);
        var message = exchange.getMessage();
        message.setHeader(ERROR_CLASS, DocumentRejectedException.class.getName());
        message.setHeader(ERROR_MESSAGE, rejection.reason());
        message.setHeader(ROUTE_ID, "store-" + rejection.store());
        message.setHeader(FAILED_AT, Instant.now().toString());
        message.setHeader(SOURCE, rejection.message().source());
        message.setHeader(STORE, rejection.store());
        message.setHeader(STORE_TARGET, rejection.target());
        message.setHeader(REPLAY_TOPIC, rejection.message().topic());
        if (rejection.message().key() != null) {
            message.setHeader(REPLAY_KEY, rejection.message().key());
        }
        message.setBody(rejection.message().value().getBytes(StandardCharsets.UTF_8));
    }
}
