package org.vigil.deadletter;

import java.time.Instant;
import java.util.Arrays;

import ca.uhn.fhir.context.FhirContext;
import org.apache.camel.Exchange;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

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
}
