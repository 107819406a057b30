package org.vigil.deadletter;

import java.time.Instant;

import org.apache.camel.Exchange;
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
    }
}
