package org.vigil.ingest;

import java.util.UUID;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;

/**
 * Names where each item came from, precisely enough for a person to find it again: the file
 * and line, the HTTP request and Bundle entry, the Kafka partition and offset. The name travels
 * with the record and with any dead letter.
 */
@Component("inputSources")
public class InputSources {

    /** {@code http:<request id>}: the caller's X-Request-ID, or a new one, echoed in the answer. */
    public String httpRequest(Exchange exchange) {
        String id = exchange.getMessage().getHeader(Names.Header.REQUEST_ID, String.class);
        if (id == null || id.isBlank() || id.length() > 100) {
            id = UUID.randomUUID().toString();
        }
        exchange.getMessage().setHeader(Names.Header.REQUEST_ID, id);
        return "http:" + id;
    }

    /**
     * Whether a line of a text input (NDJSON) holds anything: a blank line is no item. Decided
     * here, not by an expression over the line in the Simple language, which resolves the line's
     * text: a line with "{{" and no "}}" (a mutilated JSON document) failed there, before it was an
     * item, and was answered and dead-lettered as nothing.
     */
    public boolean hasContent(@Body String line) {
        return line != null && !line.isBlank();
    }

    /** The parent source and a 1-based line number, e.g. {@code file:heart.csv:2}. */
    public String line(@ExchangeProperty(Names.Property.SOURCE) String parent,
                       @ExchangeProperty(Exchange.SPLIT_INDEX) int splitIndex) {
        return parent + ":" + (splitIndex + 1);
    }

    /** A Bundle entry, e.g. {@code http:abc/entry/3} (0-based, as in FHIRPath); a single resource keeps its parent's name. */
    public String entry(@ExchangeProperty(Names.Property.SOURCE) String parent,
                        @ExchangeProperty(Names.Property.BUNDLE_TYPE) String bundleType,
                        @ExchangeProperty(Exchange.SPLIT_INDEX) int splitIndex) {
        return bundleType == null ? parent : parent + "/entry/" + splitIndex;
    }
}
