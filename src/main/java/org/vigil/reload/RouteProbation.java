package org.vigil.reload;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * Counts, for the routes just swapped in, how their exchanges end: completed, or failed (also a
 * failure an error handler took, e.g. to the dead letter), by the route the failure happened in.
 * {@link LiveConfiguration} rolls a file back when its routes fail most of what they take within
 * the probation period. Registered with Camel as an event notifier (a Spring bean of that type);
 * while no route is on probation it is {@linkplain #isDisabled disabled}, so Camel creates no event
 * for it: an exchange then costs a boolean test per notifier, not an event object.
 */
@Component
public class RouteProbation extends EventNotifierSupport {

    /** Exchanges seen by a watched route since it was swapped in. */
    public record Counts(long completed, long failed) {
    }

    private final Map<String, AtomicLong[]> watched = new ConcurrentHashMap<>();

    public RouteProbation() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
    }

    /** Starts counting for these routes (from zero). */
    public void watch(Set<String> routeIds) {
        routeIds.forEach(id -> watched.put(id, new AtomicLong[] {new AtomicLong(), new AtomicLong()}));
    }

    public void release(Set<String> routeIds) {
        routeIds.forEach(watched::remove);
    }

    public Counts counts(String routeId) {
        AtomicLong[] counts = watched.get(routeId);
        return counts == null ? new Counts(0, 0) : new Counts(counts[0].get(), counts[1].get());
    }

    @Override
    public boolean isDisabled() {
        return watched.isEmpty();
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        if (event instanceof CamelEvent.ExchangeFailureHandledEvent || event instanceof CamelEvent.ExchangeFailedEvent) {
            String route = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, exchange.getFromRouteId(), String.class);
            AtomicLong[] counts = route == null ? null : watched.get(route);
            if (counts != null) {
                counts[1].incrementAndGet();
            }
        } else if (event instanceof CamelEvent.ExchangeCompletedEvent && exchange.getException() == null) {
            AtomicLong[] counts = exchange.getFromRouteId() == null ? null : watched.get(exchange.getFromRouteId());
            if (counts != null) {
                counts[0].incrementAndGet();
            }
        }
    }
}
