package org.vigil.alert;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.clinical.News2;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;
import org.vigil.contract.Refusal;
import org.vigil.event.ClassifiedRecord;
import org.vigil.event.Trigger;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.DeviceAlarm;
import org.vigil.record.PatientLocation;
import org.vigil.record.VitalSigns;

/**
 * The alert lifecycle, a Kafka batch at a time: the classified records (keyed by patient) and the
 * caregivers' commands (acknowledgements, keyed by patient too) in the order they were consumed,
 * against each patient's alert state ({@link AlertSlot}, one per rule). Each
 * rule ({@link AlertRules}) opens one alert per patient and condition, escalates it when a record
 * puts the patient at a higher severity, updates it when what fired it changes (the reason, with
 * its values), resolves it when a record that measured what the rule reads shows none of its
 * anomalies. The events are published before the state is saved and the offsets committed; a
 * batch read again gives the same events with the same ids (every id is derived from the alert
 * and the position of the record or command that caused it), and records already applied to a
 * slot change nothing a second time.
 *
 * <p><b>State owned by the partition</b>, like the NEWS2 window: records and commands are keyed by
 * patient, so one patient's reach one partition number of both topics and one consumer. This
 * instance keeps the slots of the patients of the partitions it consumes in memory; a patient not
 * held yet is read once, by key ({@link AlertStateStore#load}); a batch's changed slots are made
 * durable by key in one write ({@link #save}), and only then taken into memory. When a partition's
 * batch does not start where this instance's last saved batch of it ended (it was away, or rewound),
 * what is held of it is dropped and read again. A slot changed meanwhile by another instance (a
 * rebalance) is refused by the store's version check, and the batch is read again. Partitions not
 * seen for {@code vigil.alerts.idle-eviction} are dropped from memory. Nothing on this path reads
 * more as more is stored.
 */
@Component("alertEngine")
public class AlertEngine {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);
    /** The partition number of inputs that came from no Kafka partition (tests, tools): never held in memory. */
    static final int UNPARTITIONED = -1;

    /**
     * What a batch gave: the events as messages for the alerts topic, the slots to save, what could
     * not be read, and where the batch ended in each partition it read (taken into memory on save).
     */
    public record AlertBatch(List<Message> messages, List<AlertEvent> events, List<AlertSlot> changed,
                             List<Refusal> refusals, Consumed consumed) {

        public AlertBatch(List<Message> messages, List<AlertEvent> events, List<AlertSlot> changed,
                          List<Refusal> refusals) {
            this(messages, events, changed, refusals, Consumed.NONE);
        }
    }

    /**
     * Where a batch ended: per partition number, the next offset of each topic read; and the
     * partition number each patient of the batch is held under.
     */
    public record Consumed(Map<Integer, Map<String, Long>> nextOffsets, Map<String, Integer> partitionOf) {
        static final Consumed NONE = new Consumed(Map.of(), Map.of());
    }

    /** The slots this instance holds for one partition number, by patient, and where its batches ended. */
    private static final class PartitionState {
        final Map<String, Map<String, AlertSlot>> patients = new HashMap<>();
        final Map<String, Long> nextOffsets = new HashMap<>();
        int generation = -1;
        volatile long lastUsed = System.nanoTime();
    }

    private record Classified(ClinicalRecord record, Map<String, String> anomalies, News2.Score news2, Double risk,
                              int partition, long offset, Instant at) {
    }

    private final AlertRules rules;
    private final AlertStateStore store;
    private final ObjectMapper json;
    private final AlertMessages messages;
    private final String commandsTopic;
    private final io.micrometer.core.instrument.Counter unreadable;
    private final Duration idleEviction;
    private final Map<Integer, PartitionState> partitions = new ConcurrentHashMap<>();

    @Autowired
    public AlertEngine(AlertRules rules, AlertStateStore store, ObjectMapper json, AlertMessages messages, VigilProperties vigil,
                       io.micrometer.core.instrument.MeterRegistry meters, @Value("${vigil.alerts.idle-eviction:10m}") Duration idleEviction) {
        this.idleEviction = idleEviction;
        this.unreadable = meters.counter(Names.Counter.ALERTS_UNREADABLE);
        this.rules = rules;
        this.store = store;
        this.json = json;
        this.messages = messages;
        this.commandsTopic = vigil.kafka().topics().alertCommands();
    }

    public AlertEngine(AlertRules rules, AlertStateStore store, ObjectMapper json, AlertMessages messages, VigilProperties vigil,
                       io.micrometer.core.instrument.MeterRegistry meters) {
        this(rules, store, json, messages, vigil, meters, Duration.ofMinutes(10));
    }

    /**
     * A batch as the alert-lifecycle route consumes it from the classified and alert-commands topics
     * (one exchange per Kafka record), with the consumer group's generation it was consumed in
     * ({@code KafkaBatches.owned}): what this instance holds is trusted only within one generation.
     */
    public AlertBatch evaluateConsumed(@Body List<Exchange> batch, @ExchangeProperty(Names.Property.KAFKA_GENERATION) Integer generation) {
        return evaluate(batch, generation == null ? -1 : generation);
    }

    /** A batch outside a Kafka consumer group (tests, tools). */
    public AlertBatch evaluate(List<Exchange> batch) {
        return evaluate(batch, -1);
    }

    private AlertBatch evaluate(List<Exchange> batch, int generation) {
        List<Object> inputs = new ArrayList<>(batch.size());
        List<Refusal> refusals = new ArrayList<>();
        Map<String, Integer> partitionOf = new LinkedHashMap<>();
        Map<Integer, Map<String, Long>> firstOffsets = new HashMap<>();
        Map<Integer, Map<String, Long>> nextOffsets = new HashMap<>();
        // Conditions of the batch's patients beyond the rules' (device alarms, those commands name), and the alarms read.
        Map<String, Set<String>> conditions = new HashMap<>();
        Map<Pending, Classified> alarms = new java.util.IdentityHashMap<>();
        for (Exchange exchange : batch) {
            Message message = exchange.getMessage();
            Integer partition = message.getHeader(KafkaConstants.PARTITION, Integer.class);
            Long offset = message.getHeader(KafkaConstants.OFFSET, Long.class);
            String topic = message.getHeader(KafkaConstants.TOPIC, String.class);
            int number = partition == null ? UNPARTITIONED : partition;
            if (offset != null && topic != null) {
                firstOffsets.computeIfAbsent(number, p -> new HashMap<>()).putIfAbsent(topic, offset);
                nextOffsets.computeIfAbsent(number, p -> new HashMap<>()).put(topic, offset + 1);
            }
            try {
                Object input = read(message);
                if (input instanceof Pending pending && pending.patientId() != null) {
                    partitionOf.putIfAbsent(pending.patientId(), number);
                    inputs.add(input);
                    if (pending.glance().alarm()) {
                        // A device's alarm: its own condition, looked up by key with the rules' ones.
                        Classified alarm = classified(pending);
                        alarms.put(pending, alarm);
                        conditions.computeIfAbsent(pending.patientId(), p -> new java.util.LinkedHashSet<>())
                                .add(alarm.record().alarm().condition());
                    }
                } else if (input instanceof Command command) {
                    partitionOf.putIfAbsent(command.command().patientId(), number);
                    inputs.add(input);
                    conditions.computeIfAbsent(command.command().patientId(), p -> new java.util.LinkedHashSet<>())
                            .add(command.command().condition());
                }
            } catch (JsonProcessingException | IllegalArgumentException e) {
                String value = message.getBody(String.class);
                if (!commandsTopic.equals(message.getHeader(KafkaConstants.TOPIC, String.class))) {
                    // The classified topic's own consumers (the stores) keep and dead-letter what they cannot
                    // store; one input, one dead letter. Here it raises no alert, and says so.
                    LOG.warn("A classified message that cannot be read raises no alert ({}:{}:{}): {}",
                            message.getHeader(KafkaConstants.TOPIC), message.getHeader(KafkaConstants.PARTITION),
                            message.getHeader(KafkaConstants.OFFSET), e.getClass().getSimpleName());
                    unreadable.increment();
                    continue;
                }
                refusals.add(Refusal.ofRecord(Names.Route.ALERT_LIFECYCLE, message.getHeader(KafkaConstants.TOPIC, String.class),
                        message.getHeader(KafkaConstants.PARTITION, Integer.class), message.getHeader(KafkaConstants.OFFSET, Long.class),
                        message.getHeader(KafkaConstants.KEY, String.class),
                        value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8), e));
            }
        }
        AlertRules.Rules version = rules.current(); // one version of the rules for the whole batch
        List<AlertRule> batchRules = version.all();
        Map<String, AlertSlot> slots = held(partitionOf, firstOffsets, batchRules, conditions, generation);
        Map<String, AlertSlot> changed = new LinkedHashMap<>();
        List<AlertEvent> events = new ArrayList<>();
        Set<String> withActiveAlerts = new java.util.HashSet<>();
        slots.values().forEach(slot -> {
            if (slot.alert().status().active()) {
                withActiveAlerts.add(slot.patientId());
            }
        });
        for (Object input : inputs) {
            if (input instanceof Pending pending) {
                // Most records are normal: one without an anomaly, of a patient without an active
                // alert, changes nothing, and is not read further.
                if (!pending.mayChange(withActiveAlerts)) {
                    continue;
                }
                if (alarms.containsKey(pending)) {
                    if (version.deviceAlarms().enabled()) {
                        alarm(version.deviceAlarms(), alarms.get(pending), slots, changed, events);
                    }
                    if (slots.values().stream().anyMatch(slot -> slot.patientId().equals(pending.patientId()) && slot.alert().status().active())) {
                        withActiveAlerts.add(pending.patientId());
                    }
                    continue;
                }
                Classified classified;
                try {
                    classified = classified(pending);
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    LOG.warn("A classified message that cannot be read raises no alert (partition {}, offset {}): {}",
                            pending.partition(), pending.offset(), e.getClass().getSimpleName());
                    unreadable.increment();
                    continue;
                }
                for (AlertRule rule : batchRules) {
                    apply(rule, classified, slots, changed, events);
                }
                for (AlertRule rule : batchRules) {
                    AlertSlot slot = slots.get(AlertSlot.id(pending.patientId(), rule.name()));
                    if (slot != null && slot.alert().status().active()) {
                        withActiveAlerts.add(pending.patientId());
                    }
                }
            } else {
                acknowledge((Command) input, slots, changed, events);
            }
        }
        List<Message> published = new ArrayList<>(events.size());
        events.forEach(event -> published.add(messages.message(event)));
        return new AlertBatch(published, events, List.copyOf(changed.values()), refusals, new Consumed(nextOffsets, partitionOf));
    }

    /**
     * The slots of the batch's patients, a working copy: those held in memory, and those of the
     * patients not held yet read by key (one read for the batch). A partition whose batch does not
     * start where its last saved batch ended is dropped from memory first.
     */
    private Map<String, AlertSlot> held(Map<String, Integer> partitionOf, Map<Integer, Map<String, Long>> firstOffsets,
                                        List<AlertRule> batchRules, Map<String, Set<String>> conditions, int generation) {
        evictIdle();
        Map<String, AlertSlot> slots = new HashMap<>();
        List<String> missing = new ArrayList<>();
        // Slots of held patients not looked up yet: conditions beyond the rules' (a device alarm, a new rule).
        List<Map.Entry<String, String>> unknown = new ArrayList<>(); // patient, condition
        Map<Integer, List<String>> byPartition = new HashMap<>();
        firstOffsets.keySet().forEach(partition -> byPartition.put(partition, new ArrayList<>()));
        partitionOf.forEach((patient, partition) -> byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(patient));
        byPartition.forEach((partition, patients) -> {
            PartitionState state = partitions.computeIfAbsent(partition, p -> new PartitionState());
            synchronized (state) {
                Map<String, Long> first = firstOffsets.getOrDefault(partition, Map.of());
                // Held state is trusted only within one generation of the consumer group (a rebalance
                // may have given the partition to another instance meanwhile) and while each topic's
                // batch starts where the last saved one ended.
                boolean moved = partition == UNPARTITIONED || generation != state.generation || first.entrySet().stream().anyMatch(start -> {
                    Long next = state.nextOffsets.get(start.getKey());
                    return next != null && next.longValue() != start.getValue();
                });
                if (moved) {
                    state.patients.clear(); // not where we left it: what is held may be stale
                    state.nextOffsets.clear();
                    state.generation = generation;
                }
                state.lastUsed = System.nanoTime();
                for (String patient : patients) {
                    Map<String, AlertSlot> kept = state.patients.get(patient);
                    if (kept == null) {
                        missing.add(patient);
                    } else {
                        // A condition looked up and not found is held as null: known to have no slot.
                        kept.values().stream().filter(java.util.Objects::nonNull).forEach(slot -> slots.put(slot.id(), slot));
                        for (String condition : neededBy(patient, batchRules, conditions)) {
                            if (!kept.containsKey(condition)) {
                                unknown.add(Map.entry(patient, condition));
                            }
                        }
                    }
                }
            }
        });
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            List<String> ids = new ArrayList<>();
            unknown.forEach(slot -> ids.add(AlertSlot.id(slot.getKey(), slot.getValue())));
            for (String patient : missing) {
                neededBy(patient, batchRules, conditions).forEach(condition -> ids.add(AlertSlot.id(patient, condition)));
            }
            Map<String, AlertSlot> loaded = store.load(ids);
            slots.putAll(loaded);
            Map<String, Map<String, AlertSlot>> byPatient = new HashMap<>();
            for (String patient : missing) {
                Map<String, AlertSlot> kept = new HashMap<>();
                neededBy(patient, batchRules, conditions).forEach(condition -> kept.put(condition, null));
                byPatient.put(patient, kept);
            }
            Map<String, Map<String, AlertSlot>> found = new HashMap<>();
            loaded.values().forEach(slot -> found.computeIfAbsent(slot.patientId(), p -> new HashMap<>()).put(slot.condition(), slot));
            byPatient.forEach((patient, kept) -> {
                kept.putAll(found.getOrDefault(patient, Map.of()));
                PartitionState state = partitions.computeIfAbsent(partitionOf.get(patient), p -> new PartitionState());
                synchronized (state) {
                    state.patients.putIfAbsent(patient, kept); // durable as read: safe to hold
                }
            });
            for (Map.Entry<String, String> looked : unknown) {
                String patient = looked.getKey();
                PartitionState state = partitions.get(partitionOf.get(patient));
                if (state == null) {
                    continue;
                }
                synchronized (state) {
                    Map<String, AlertSlot> kept = state.patients.get(patient);
                    if (kept != null) {
                        // durable as read (or known to be absent)
                        kept.putIfAbsent(looked.getValue(), loaded.get(AlertSlot.id(patient, looked.getValue())));
                    }
                }
            }
        }
        return slots;
    }

    /** The conditions whose slots a patient's records and commands in the batch may touch. */
    private static Set<String> neededBy(String patient, List<AlertRule> batchRules, Map<String, Set<String>> conditions) {
        Set<String> needed = new java.util.LinkedHashSet<>();
        batchRules.forEach(rule -> needed.add(rule.name()));
        needed.addAll(conditions.getOrDefault(patient, Set.of()));
        return needed;
    }

    private void evictIdle() {
        long now = System.nanoTime();
        partitions.values().removeIf(state -> now - state.lastUsed > idleEviction.toNanos());
    }

    /**
     * Makes the batch's alert state durable (after its events were published), by key, then holds it
     * in memory and notes where the batch ended. A batch whose save fails leaves memory as it was,
     * so the batch read again sees what is durable.
     */
    public void save(@ExchangeProperty(Names.Property.ALERT_BATCH) AlertBatch batch) {
        if (!batch.changed().isEmpty()) {
            try {
                store.save(batch.changed());
            } catch (RuntimeException e) {
                // Changed meanwhile by another instance, or not saved: what is held of these
                // partitions may be stale; the batch read again reads them from the store.
                batch.consumed().nextOffsets().keySet().forEach(partitions::remove);
                batch.consumed().partitionOf().values().forEach(partitions::remove);
                throw e;
            }
        }
        Map<Integer, List<AlertSlot>> saved = new HashMap<>();
        for (AlertSlot slot : batch.changed()) {
            Integer partition = batch.consumed().partitionOf().get(slot.patientId());
            saved.computeIfAbsent(partition == null ? UNPARTITIONED : partition, p -> new ArrayList<>()).add(slot.atVersion(slot.alert().version()));
        }
        java.util.Set<Integer> touched = new java.util.HashSet<>(saved.keySet());
        touched.addAll(batch.consumed().nextOffsets().keySet());
        for (Integer partition : touched) {
            // Only into what is held: a partition or patient dropped meanwhile (a failed save retried,
            // an eviction) is read again from the store, whole, never held in part.
            PartitionState state = partitions.get(partition);
            if (state == null) {
                continue;
            }
            synchronized (state) {
                for (AlertSlot slot : saved.getOrDefault(partition, List.of())) {
                    Map<String, AlertSlot> kept = state.patients.get(slot.patientId());
                    if (kept != null) {
                        kept.put(slot.condition(), slot);
                    }
                }
                if (partition != UNPARTITIONED) {
                    state.nextOffsets.putAll(batch.consumed().nextOffsets().getOrDefault(partition, Map.of()));
                }
                state.lastUsed = System.nanoTime();
            }
        }
    }

    private Object read(Message message) throws JsonProcessingException {
        String body = message.getBody(String.class);
        if (body == null) {
            throw new IllegalArgumentException("empty message");
        }
        if (commandsTopic.equals(message.getHeader(KafkaConstants.TOPIC, String.class))) {
            AlertCommand command = json.readValue(body, AlertCommand.class);
            Integer partition = message.getHeader(KafkaConstants.PARTITION, Integer.class);
            Long offset = message.getHeader(KafkaConstants.OFFSET, Long.class);
            if (command.alertId() == null || command.patientId() == null || command.condition() == null || command.commandId() == null) {
                throw new IllegalArgumentException("an alert command needs commandId, alertId, patientId and condition");
            }
            return new Command(command, partition == null ? UNPARTITIONED : partition, offset == null ? -1 : offset);
        }
        ClassifiedGlance glance = ClassifiedGlance.of(json.getFactory(), body);
        Integer partition = message.getHeader(KafkaConstants.PARTITION, Integer.class);
        Long offset = message.getHeader(KafkaConstants.OFFSET, Long.class);
        return new Pending(body, glance, partition == null ? -1 : partition, offset == null ? -1 : offset,
                message.getHeader(KafkaConstants.TIMESTAMP, Long.class));
    }

    /** A classified record as consumed, read as far as deciding whether it can change an alert. */
    private record Pending(String body, ClassifiedGlance glance, int partition, long offset, Long timestamp) {

        String patientId() {
            return glance.patientId();
        }

        boolean mayChange(Set<String> withActiveAlerts) {
            return withActiveAlerts.contains(patientId()) || glance.anomalous() || glance.retracted() || glance.alarm();
        }
    }

    private Classified classified(Pending pending) throws JsonProcessingException {
        ClassifiedRecord event = json.readValue(pending.body(), ClassifiedRecord.class);
        ClinicalRecord record = event.record();
        News2.Score news2 = event.news2();
        Double risk = event.risk() == null ? null : event.risk().probability();
        Map<String, String> anomalies = new LinkedHashMap<>();
        if (event.retracts()) {
            // A retraction carries NEWS2 recomputed without the retracted reading: only that can change.
            Trigger.news2Facts(news2).forEach((fact, reason) -> {
                if (Trigger.ANOMALIES.contains(fact)) {
                    anomalies.put(fact, reason);
                }
            });
        } else {
            anomalies.putAll(event.anomaliesWithReasons());
        }
        Long timestamp = pending.timestamp();
        Instant at = record.effectiveTime() != null ? record.effectiveTime()
                : timestamp != null ? Instant.ofEpochMilli(timestamp) : Instant.EPOCH;
        return new Classified(record, anomalies, news2, risk, pending.partition(), pending.offset(), at);
    }

    private void apply(AlertRule rule, Classified input, Map<String, AlertSlot> slots, Map<String, AlertSlot> changed,
                       List<AlertEvent> events) {
        ClinicalRecord record = input.record();
        if (input.record().retracts() && !rule.facts().stream().allMatch(fact -> fact.startsWith("news2-"))) {
            return; // a retraction only recomputes NEWS2
        }
        String id = AlertSlot.id(record.patientId(), rule.name());
        AlertSlot slot = slots.get(id);
        if (slot != null && slot.applied(input.partition(), input.offset())) {
            return;
        }
        Alert current = slot == null ? null : slot.alert();
        if (!record.retracts() && olderThanFollowed(record, current)) {
            return;
        }
        boolean active = current != null && current.status().active();
        Optional<Severity> level = rule.levelOf(input.anomalies().keySet());
        AlertEvent event;
        if (level.isPresent()) {
            Severity severity = level.get();
            String reason = String.join("; ", rule.firedBy(severity, input.anomalies().keySet()).stream()
                    .map(fact -> input.anomalies().getOrDefault(fact, fact)).toList());
            if (!active) {
                String alertId = AlertMessages.uuid(id + "|" + input.partition() + ":" + input.offset());
                Alert opened = new Alert(alertId, record.patientId(), rule.name(), rule.title(), severity, AlertStatus.OPEN, rule.name(),
                        reason, record.location(), values(null, input), news2(null, input), input.risk(), record.recordId(),
                        record.effectiveTime(), input.at(), input.at(), 0, null, null, null, current == null ? 1 : current.version() + 1);
                event = event(AlertEventType.OPENED, opened, input, null);
            } else if (severity.compareTo(current.severity()) > 0) {
                event = event(AlertEventType.ESCALATED, changed(current, input, severity, reason, AlertStatus.OPEN,
                        current.escalations() + 1, null, null, null), input, null);
            } else if (severity != current.severity() || !reason.equals(current.reason())) {
                event = event(AlertEventType.UPDATED, changed(current, input, severity, reason, current.status(), current.escalations(),
                        current.acknowledgedBy(), current.acknowledgedAt(), null), input, null);
            } else {
                return;
            }
        } else if (active && rule.facts().stream().anyMatch(fact -> Trigger.decidedBy(fact, record, input.news2(), input.risk()))) {
            event = event(AlertEventType.RESOLVED, changed(current, input, current.severity(), current.reason(), AlertStatus.RESOLVED,
                    current.escalations(), current.acknowledgedBy(), current.acknowledgedAt(), input.at()), input, null);
        } else {
            return;
        }
        long loaded = slot == null ? 0 : slot.version();
        AlertSlot next = new AlertSlot(record.patientId(), rule.name(), event.alert(), input.partition(), input.offset(),
                slot == null ? -1 : slot.commandPartition(), slot == null ? -1 : slot.commandOffset(), loaded);
        slots.put(id, next);
        changed.put(id, next);
        events.add(event);
    }

    /**
     * A device's alarm (IHE PCD-04): the device runs it, the alert follows. Sounding (not ended, not
     * inactive): opened, escalated when the device raises its priority (caregivers notified again),
     * updated when its priority falls or its text or values change; ended: resolved.
     */
    private void alarm(AlertRules.DeviceAlarms config, Classified input, Map<String, AlertSlot> slots, Map<String, AlertSlot> changed,
                       List<AlertEvent> events) {
        ClinicalRecord record = input.record();
        DeviceAlarm alarm = record.alarm();
        String condition = alarm.condition();
        String id = AlertSlot.id(record.patientId(), condition);
        AlertSlot slot = slots.get(id);
        if (slot != null && slot.applied(input.partition(), input.offset())) {
            return;
        }
        Alert current = slot == null ? null : slot.alert();
        if (olderThanFollowed(record, current)) {
            return;
        }
        boolean active = current != null && current.status().active();
        Severity severity = config.severityOf(alarm.priority());
        String reason = DeviceAlarmAlerts.reason(alarm);
        Map<String, Object> values = DeviceAlarmAlerts.values(alarm);
        PatientLocation location = record.location() != null ? record.location() : current == null ? null : current.location();
        AlertEvent event;
        if (alarm.sounding()) {
            if (!active) {
                String alertId = AlertMessages.uuid(id + "|" + input.partition() + ":" + input.offset());
                Alert opened = new Alert(alertId, record.patientId(), condition, DeviceAlarmAlerts.title(alarm), severity, AlertStatus.OPEN,
                        DeviceAlarmAlerts.RULE, reason, location, values, null, null, record.recordId(), record.effectiveTime(), input.at(),
                        input.at(), 0, null, null, null, current == null ? 1 : current.version() + 1);
                event = event(AlertEventType.OPENED, opened, input, null);
            } else if (severity.compareTo(current.severity()) > 0) {
                event = event(AlertEventType.ESCALATED, new Alert(current.alertId(), current.patientId(), condition, current.title(), severity,
                        AlertStatus.OPEN, current.rule(), reason, location, values, null, null, record.recordId(), record.effectiveTime(),
                        current.openedAt(), input.at(), current.escalations() + 1, null, null, null, current.version() + 1), input, null);
            } else if (severity != current.severity() || !reason.equals(current.reason()) || !values.equals(current.values())) {
                event = event(AlertEventType.UPDATED, new Alert(current.alertId(), current.patientId(), condition, current.title(), severity,
                        current.status(), current.rule(), reason, location, values, null, null, record.recordId(), record.effectiveTime(),
                        current.openedAt(), input.at(), current.escalations(), current.acknowledgedBy(), current.acknowledgedAt(), null,
                        current.version() + 1), input, null);
            } else {
                return;
            }
        } else if (active) {
            event = event(AlertEventType.RESOLVED, new Alert(current.alertId(), current.patientId(), condition, current.title(),
                    current.severity(), AlertStatus.RESOLVED, current.rule(), reason, location, values, null, null, record.recordId(),
                    record.effectiveTime(), current.openedAt(), input.at(), current.escalations(), current.acknowledgedBy(),
                    current.acknowledgedAt(), input.at(), current.version() + 1), input, null);
        } else {
            return; // the end of an alarm Vigil never saw start, or a repeat of its end
        }
        long loaded = slot == null ? 0 : slot.version();
        AlertSlot next = new AlertSlot(record.patientId(), condition, event.alert(), input.partition(), input.offset(),
                slot == null ? -1 : slot.commandPartition(), slot == null ? -1 : slot.commandOffset(), loaded);
        slots.put(id, next);
        changed.put(id, next);
        events.add(event);
    }

    /**
     * Whether the record was measured before the one that last changed the alert: a batch
     * classified a second time (a crash or a rebalance before its offsets were committed gives the
     * same records again at new positions of the classified topic) or a reading that arrived late.
     * An alert follows the patient's newest readings; an older one neither re-escalates an alert a
     * caregiver acknowledged, nor resolves or reopens one.
     */
    private static boolean olderThanFollowed(ClinicalRecord record, Alert current) {
        return current != null && record.effectiveTime() != null && current.effectiveTime() != null
                && record.effectiveTime().isBefore(current.effectiveTime());
    }

    /** A caregiver's command and its position on the alert-commands topic. */
    private record Command(AlertCommand command, int partition, long offset) {
    }

    private void acknowledge(Command positioned, Map<String, AlertSlot> slots, Map<String, AlertSlot> changed, List<AlertEvent> events) {
        AlertCommand command = positioned.command();
        if (!AlertCommand.ACKNOWLEDGE.equals(command.type())) {
            LOG.warn("Alert command {} of type {} is not known; ignored", command.commandId(), command.type());
            return;
        }
        String id = AlertSlot.id(command.patientId(), command.condition());
        AlertSlot slot = slots.get(id);
        if (slot != null && positioned.offset() >= 0 && slot.commandApplied(positioned.partition(), positioned.offset())) {
            return; // applied already (a batch read again): an escalation since must not be acknowledged by it
        }
        if (slot == null || !slot.alert().alertId().equals(command.alertId()) || slot.alert().status() != AlertStatus.OPEN) {
            // Acknowledged already (this command applied before a restart, or someone else's), resolved, or unknown.
            LOG.info("Acknowledgement {} of alert {} changes nothing: it is {}", command.commandId(), command.alertId(),
                    slot == null || !slot.alert().alertId().equals(command.alertId()) ? "not the patient's current alert" : slot.alert().status().id());
            return;
        }
        Alert acknowledged = slot.alert().acknowledged(command.by(), command.at());
        AlertEvent event = new AlertEvent(AlertMessages.uuid(command.alertId() + "|acknowledged|" + command.commandId()), AlertEventType.ACKNOWLEDGED,
                command.at(), command.by(), acknowledged);
        AlertSlot next = new AlertSlot(slot.patientId(), slot.condition(), acknowledged, slot.partition(), slot.offset(),
                positioned.partition(), positioned.offset(), slot.version());
        slots.put(id, next);
        changed.put(id, next);
        events.add(event);
    }

    private static Alert changed(Alert current, Classified input, Severity severity, String reason, AlertStatus status, int escalations,
                                 String acknowledgedBy, Instant acknowledgedAt, Instant resolvedAt) {
        PatientLocation location = input.record().location() != null ? input.record().location() : current.location();
        return new Alert(current.alertId(), current.patientId(), current.condition(), current.title(), severity, status, current.rule(),
                reason, location, values(current.values(), input), news2(current.news2(), input),
                input.risk() != null ? input.risk() : current.risk(), input.record().recordId(), input.record().effectiveTime(),
                current.openedAt(), input.at(), escalations, acknowledgedBy, acknowledgedAt, resolvedAt, current.version() + 1);
    }

    /** The measurements behind the alert: the latest of each vital sign (and the study's resting pressure) while it is open. */
    private static Map<String, Object> values(Map<String, Object> before, Classified input) {
        Map<String, Object> values = new LinkedHashMap<>(before == null ? Map.of() : before);
        VitalSigns vitals = input.record().vitals();
        if (vitals != null) {
            put(values, "systolicMmHg", vitals.systolicMmHg());
            put(values, "diastolicMmHg", vitals.diastolicMmHg());
            put(values, "heartRatePerMin", vitals.heartRatePerMin());
            put(values, "respiratoryRatePerMin", vitals.respiratoryRatePerMin());
            put(values, "spo2Percent", vitals.spo2Percent());
            put(values, "temperatureCelsius", vitals.temperatureCelsius());
            put(values, "supplementalOxygen", vitals.supplementalOxygen());
            put(values, "consciousness", vitals.consciousness());
        }
        if (input.record().heart() != null) {
            put(values, "restingSystolicBp", input.record().heart().restingSystolicBp());
        }
        return values;
    }

    private static void put(Map<String, Object> values, String name, Object value) {
        if (value != null) {
            values.put(name, value);
        }
    }

    private static Map<String, Object> news2(Map<String, Object> before, Classified input) {
        if (input.news2() == null) {
            return before;
        }
        Map<String, Object> news2 = new LinkedHashMap<>();
        news2.put("total", input.news2().total());
        news2.put("band", input.news2().band().name());
        news2.put("scores", input.news2().scores());
        news2.put("missing", input.news2().missing());
        return news2;
    }

    private static AlertEvent event(AlertEventType type, Alert alert, Classified input, String by) {
        return new AlertEvent(AlertMessages.uuid(alert.alertId() + "|" + type.id() + "|" + input.partition() + ":" + input.offset()), type, input.at(), by, alert);
    }
}
