package org.vigil.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;

/**
 * Counts valid input Vigil does not use, per kind ({@value Names.Counter#NOT_USED}, tag
 * {@code kind}), and keeps the reason for the sender's answer. Nothing is dead-lettered.
 */
@Component("notUsedInputs")
public class NotUsedInputs {

    private final MeterRegistry meters;
    private final java.util.Map<String, Counter> byKind = new java.util.concurrent.ConcurrentHashMap<>();

    public NotUsedInputs(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Whether an item was found valid but not for Vigil (the body {@link FhirObservations#interpret} gave). */
    public boolean isNotUsed(@Body Object item) {
        return item instanceof NotUsed;
    }

    public void count(@Body NotUsed notUsed, Exchange exchange) {
        count(notUsed);
        exchange.setProperty(Names.Property.NOT_USED, notUsed.reason());
    }

    /** Counts it (a batch stage, which answers no sender). */
    public void count(NotUsed notUsed) {
        byKind.computeIfAbsent(notUsed.kind(), kind -> Counter.builder(Names.Counter.NOT_USED)
                .description("Valid input that Vigil does not use, per kind").tag("kind", kind).register(meters)).increment();
    }
}
