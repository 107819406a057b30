package org.vigil.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;
import org.vigil.record.PatientLocation;

/**
 * The spike rule ({@link AlertRules.Spike}): more than N anomalies within the window up to now,
 * for the whole site and per ward (as the ADT feed placed the patients). A situation, not a
 * patient: one alert per scope, opened when the count goes over, updated while it changes,
 * resolved when it is back at or under N. Checked every {@code check-every}, at times aligned to
 * it, by every instance: the counts come from Elasticsearch (the same for all), the event ids from
 * the scope and the aligned time (the same for all), and the state is saved only if nobody saved
 * it meanwhile, so several instances give one alert, not one each. The state is read by key only:
 * the scopes active now ({@link AlertStateStore#activeScopes}) and those counted now.
 */
@Component("spikeWatch")
public class SpikeWatch {

    private static final Logger LOG = LoggerFactory.getLogger(SpikeWatch.class);
    /** The condition of spike alerts. */
    public static final String CONDITION = "anomaly-spike";
    /** The scope keys, in the slots' patient field: the whole site, or one ward. */
    static final String SITE = "scope:site";
    static final String WARD = "scope:ward:";

    private final AlertRules rules;
    private final AnomalyCounts counts;
    private final AlertStateStore store;
    private final AlertMessages messages;
    private final Clock clock;
    private volatile long lastBucket = Long.MIN_VALUE;

    @Autowired
    public SpikeWatch(AlertRules rules, AnomalyCounts counts, AlertStateStore store, AlertMessages messages) {
        this(rules, counts, store, messages, Clock.systemUTC());
    }

    SpikeWatch(AlertRules rules, AnomalyCounts counts, AlertStateStore store, AlertMessages messages, Clock clock) {
        this.rules = rules;
        this.counts = counts;
        this.store = store;
        this.messages = messages;
        this.clock = clock;
    }

    /** Called every second by the alert-spike route: checks when a new aligned period has begun. */
    public AlertEngine.AlertBatch check() {
        AlertRules.Spike spike = rules.spike();
        long period = spike.checkEvery().toMillis();
        long bucket = clock.millis() / period;
        if (!spike.enabled() || bucket == lastBucket) {
            return new AlertEngine.AlertBatch(List.of(), List.of(), List.of(), List.of());
        }
        lastBucket = bucket;
        Instant now = Instant.ofEpochMilli(bucket * period);
        AnomalyCounts.Counts counted = counts.between(now.minus(spike.window()), now);
        Map<String, Long> byScope = new LinkedHashMap<>();
        byScope.put(SITE, counted.total());
        counted.byWard().forEach((ward, count) -> byScope.put(WARD + ward, count));
        Map<String, AlertSlot> slots = new LinkedHashMap<>(store.activeScopes(CONDITION));
        // Scopes counted now that have no active alert may have a resolved one (its version goes on).
        List<String> countedScopes = byScope.keySet().stream().map(scope -> AlertSlot.id(scope, CONDITION)).filter(id -> !slots.containsKey(id)).toList();
        slots.putAll(store.load(countedScopes));
        // A scope with an open alert but no anomaly now is counted as 0 (and resolves).
        slots.values().forEach(slot -> byScope.putIfAbsent(slot.patientId(), 0L));
        List<AlertEvent> events = new ArrayList<>();
        List<AlertSlot> changed = new ArrayList<>();
        byScope.forEach((scope, count) -> evaluate(spike, scope, count, now, slots.get(AlertSlot.id(scope, CONDITION)), events, changed));
        List<Message> published = new ArrayList<>();
        events.forEach(event -> published.add(messages.message(event)));
        return new AlertEngine.AlertBatch(published, events, changed, List.of());
    }

    private void evaluate(AlertRules.Spike spike, String scope, long count, Instant now, AlertSlot slot,
                          List<AlertEvent> events, List<AlertSlot> changed) {
        Alert current = slot == null ? null : slot.alert();
        boolean active = current != null && current.status().active();
        boolean over = count > spike.moreThan();
        String ward = scope.startsWith(WARD) ? scope.substring(WARD.length()) : null;
        String reason = count + " anomalies in the last " + spike.window().toSeconds() + " s"
                + (ward == null ? " across the site" : " on ward " + ward) + ", more than " + spike.moreThan();
        Map<String, Object> values = Map.of("anomalies", count, "windowSeconds", spike.window().toSeconds(), "moreThan", spike.moreThan());
        AlertEventType type;
        Alert next;
        if (over && !active) {
            type = AlertEventType.OPENED;
            next = new Alert(AlertMessages.uuid("spike|" + scope + "|" + now.toEpochMilli()), null, CONDITION, spike.title(), spike.severity(), AlertStatus.OPEN,
                    CONDITION, reason, ward == null ? null : new PatientLocation(ward, null, null, null, null, null), values, null, null,
                    null, now, now, now, 0, null, null, null, current == null ? 1 : current.version() + 1);
        } else if (over && !reason.equals(current.reason())) {
            type = AlertEventType.UPDATED;
            next = changed(current, reason, values, current.status(), now, null);
        } else if (!over && active) {
            type = AlertEventType.RESOLVED;
            next = changed(current, reason, values, AlertStatus.RESOLVED, now, now);
        } else {
            return;
        }
        events.add(new AlertEvent(AlertMessages.uuid("spike|" + next.alertId() + "|" + type.id() + "|" + now.toEpochMilli()), type, now, null, next));
        changed.add(new AlertSlot(scope, CONDITION, next, -1, now.toEpochMilli(), slot == null ? 0 : slot.version()));
    }

    private static Alert changed(Alert current, String reason, Map<String, Object> values, AlertStatus status, Instant now, Instant resolvedAt) {
        return new Alert(current.alertId(), null, current.condition(), current.title(), current.severity(), status, current.rule(), reason,
                current.location(), values, null, null, null, null, current.openedAt(), now, current.escalations(),
                current.acknowledgedBy(), current.acknowledgedAt(), resolvedAt, current.version() + 1);
    }

    /** Saves the check's state; another instance that saved the same check first wins, and this one's events were the same. */
    public void save(@ExchangeProperty(Names.Property.ALERT_BATCH) AlertEngine.AlertBatch batch) {
        if (batch.changed().isEmpty()) {
            return;
        }
        try {
            store.saveScopes(CONDITION, batch.changed());
        } catch (AlertStateConflictException e) {
            LOG.info("Spike check already saved by another instance: {}", e.getMessage());
        }
    }
}
