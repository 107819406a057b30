package org.vigil.clinical;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.clinical.News2.Parameter;
import org.vigil.contract.Durable;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.Consciousness;
import org.vigil.record.PatientLocation;
import org.vigil.record.VitalSigns;

/**
 * NEWS2 from each patient's most recent value of every parameter within the window (default 1 h)
 * before the record's time. Vital signs arrive one Observation at a time, so the readings of the
 * recent past are kept per patient ({@link VitalsHistory}).
 *
 * <p><b>State owned by the partition.</b> Records are keyed by patient, so one patient's records
 * reach one Kafka partition and one consumer. This instance keeps the histories of the patients of
 * the partitions it consumes in memory, and makes a batch's changes durable with one write per
 * batch ({@link PatientVitalsStore#save}) before the batch's offsets are committed. A patient not in
 * memory is loaded with one read per batch. When a partition's batch does not start where this
 * instance's last batch of it ended (the partition was away, or was rewound after a crash or a
 * failed batch), its histories in memory may be stale and are dropped, to be loaded again. Each
 * reading carries the position of its record, and a record is scored only from readings of records
 * up to itself, so a batch processed again gives exactly the scores it gave the first time.
 * Partitions not seen for {@code vigil.clinical.news2.idle-eviction} are dropped from memory.
 * Several consumers may call this at once, each with its own partitions.
 *
 * <p>A clinician's SpO2 scale 2 prescription ({@link ClinicalRecord#prescription}) rides the same
 * records, so it is part of the patient's state like a move: applied in order with the patient's
 * readings, from its position on, with nothing to read per batch.
 *
 * <p>A late, older reading never replaces a newer one: the latest reading before the record's time
 * counts. A value older than the window is missing, never scored.
 */
@Component("patientVitalsWindow")
public class PatientVitalsWindow {

    /** The partition of records scored one at a time, outside a Kafka batch. */
    public static final int UNPARTITIONED = -1;

    /** A record and its position in the records topic. */
    public record Positioned(int partition, long offset, ClinicalRecord record) {
    }

    /**
     * What the patient's state says at a record: NEWS2 (null when it does not apply) and where the
     * patient is (null when no ADT message said).
     */
    public record Assessment(News2.Score news2, PatientLocation location) {
    }

    private static final class PartitionState {
        long nextOffset = -1;
        volatile long lastUsed = System.nanoTime();
        final Map<String, VitalsHistory> patients = new HashMap<>();
    }

    private final PatientVitalsStore store;
    private final Duration window;
    private final Duration idleEviction;
    private final Map<Integer, PartitionState> partitions = new ConcurrentHashMap<>();

    @Autowired
    public PatientVitalsWindow(PatientVitalsStore store, @Value("${vigil.clinical.news2.window}") Duration window,
                               @Value("${vigil.clinical.news2.idle-eviction:10m}") Duration idleEviction) {
        this.store = store;
        this.window = window;
        this.idleEviction = idleEviction;
    }

    public PatientVitalsWindow(PatientVitalsStore store, Duration window) {
        this(store, window, Duration.ofMinutes(10));
    }

    /**
     * Whether NEWS2 applies: vital signs with a value, a patient and a time; or a retraction of a
     * patient's record (NEWS2 is recomputed without it).
     */
    public static boolean scores(ClinicalRecord record) {
        if (record.retracts()) {
            return record.patientId() != null;
        }
        if (record.movesPatient()) {
            return false;
        }
        return record.vitals() != null && !record.vitals().hasNoValue() && record.patientId() != null
                && record.effectiveTime() != null;
    }

    /**
     * Scores a batch: the records of each partition in offset order, each after its own readings
     * joined its patient's history. Returns once the batch's readings are durable. The answer is
     * keyed by the very {@link Positioned} instances passed in; records NEWS2 does not apply to
     * are left out of it.
     */
    public Map<Positioned, News2.Score> scoreBatch(List<Positioned> batch) {
        Map<Positioned, News2.Score> scores = new IdentityHashMap<>();
        assessBatch(batch).forEach((positioned, assessment) -> {
            if (assessment.news2() != null) {
                scores.put(positioned, assessment.news2());
            }
        });
        return scores;
    }

    /** Whether the patient's state follows a record: a patient's vital signs, a retraction, a move (ADT), a device alarm (its location). */
    static boolean tracks(ClinicalRecord record) {
        return record.patientId() != null && (scores(record) || record.movesPatient() || record.prescribes() || record.retracts()
                || record.alarms());
    }

    /**
     * Like {@link #scoreBatch}, with where each patient is: ADT records move their patient (no
     * score), the others carry the location the patient's state has at their position.
     */
    public Map<Positioned, Assessment> assessBatch(List<Positioned> batch) {
        Assessed assessed = assess(batch);
        assessed.save();
        return assessed.assessments();
    }

    /**
     * A batch's assessments, with what the batch changed in its patients' histories: in memory at
     * once, durable only once saved (one write per partition). Classification starts the write on
     * the window's writer thread ({@link #saveInBackground}: writes go in the order the batches
     * were classified) and goes on; the batch's offsets are committed once it is done
     * ({@link #makeDurable}). A batch that fails before its save is read again, and its partitions'
     * memory, no longer where the batch left it, is read back from the store.
     */
    public static final class Assessed implements Durable {
        private final Map<Positioned, Assessment> assessments;
        /** Per partition: its state, and its changed patients' histories as the batch left them. */
        private final Map<PartitionState, Map<String, VitalsHistory>> changes = new LinkedHashMap<>();
        private final PatientVitalsStore store;
        private CompletableFuture<Void> inBackground;
        private boolean durable;

        private Assessed(Map<Positioned, Assessment> assessments, PatientVitalsStore store) {
            this.assessments = assessments;
            this.store = store;
        }

        /** Keyed by the very {@link Positioned} instances assessed; records NEWS2 does not apply to are left out. */
        public Map<Positioned, Assessment> assessments() {
            return assessments;
        }

        /** Starts the write on the window's writer thread; {@link #makeDurable} waits for it. */
        public void saveInBackground(Executor writer) {
            if (inBackground == null && !durable && !changes.isEmpty()) {
                List<Map<String, VitalsHistory>> writes = List.copyOf(changes.values());
                try {
                    inBackground = CompletableFuture.runAsync(() -> writes.forEach(store::save), writer);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    inBackground = null; // shutting down: makeDurable writes it on the caller's thread
                }
            }
        }

        /** Makes the batch's changes durable; see {@link #makeDurable}. */
        public void save() {
            makeDurable();
        }

        /**
         * Makes the batch's readings, moves, prescriptions and retractions durable: waits for the
         * write started in the background, or writes now; a second call writes nothing. When the
         * background write failed, the patients' histories are written as they are now (a later
         * batch's write may have gone through meanwhile, and must not be set back), so the route's
         * policy for a state store that is down can wait it out.
         */
        @Override
        public void makeDurable() {
            if (durable) {
                return;
            }
            if (inBackground != null) {
                try {
                    inBackground.join();
                    durable = true;
                    return;
                } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                    inBackground = null;
                    changes.replaceAll((state, written) -> now(state, written));
                }
            }
            changes.values().forEach(store::save);
            durable = true;
        }

        private static Map<String, VitalsHistory> now(PartitionState state, Map<String, VitalsHistory> written) {
            Map<String, VitalsHistory> now = new LinkedHashMap<>();
            synchronized (state) {
                written.forEach((patient, history) -> {
                    VitalsHistory held = state.patients.get(patient);
                    now.put(patient, held != null ? held.snapshot() : history);
                });
            }
            return now;
        }
    }

    /** Like {@link #assessBatch}, leaving the write to the caller ({@link Assessed#save()}). */
    public Assessed assess(List<Positioned> batch) {
        Map<Integer, List<Positioned>> byPartition = new LinkedHashMap<>();
        for (Positioned positioned : batch) {
            if (tracks(positioned.record())) {
                byPartition.computeIfAbsent(positioned.partition(), p -> new ArrayList<>()).add(positioned);
            }
        }
        evictIdle();
        // By identity: a record's hash would hash all its values, once per lookup.
        Assessed assessed = new Assessed(new IdentityHashMap<>(), store);
        byPartition.forEach((partition, records) -> {
            PartitionState state = partitions.computeIfAbsent(partition, p -> new PartitionState());
            // One consumer per partition, but during a rebalance two of this instance's may briefly overlap.
            synchronized (state) {
                Map<String, VitalsHistory> changed = scorePartition(partition, state, records, assessed.assessments);
                if (!changed.isEmpty()) {
                    // Written as the batch left them, while the next batch may change them already.
                    Map<String, VitalsHistory> snapshot = new LinkedHashMap<>();
                    changed.forEach((patient, history) -> snapshot.put(patient, history.snapshot()));
                    assessed.changes.put(state, snapshot);
                }
            }
        });
        return assessed;
    }

    /** Scores a partition's records in memory; returns the histories they changed, to be saved. */
    private Map<String, VitalsHistory> scorePartition(int partition, PartitionState state, List<Positioned> records,
                                                      Map<Positioned, Assessment> scores) {
        if (partition != UNPARTITIONED && state.nextOffset != records.get(0).offset()) {
            state.patients.clear(); // not where we left it: what is in memory may be stale
        }
        Set<String> missing = new LinkedHashSet<>();
        for (Positioned positioned : records) {
            if (!state.patients.containsKey(positioned.record().patientId())) {
                missing.add(positioned.record().patientId());
            }
        }
        // One read for patients not in memory; one write, by the caller.
        Map<String, VitalsHistory> loaded = missing.isEmpty() ? Map.of() : store.load(missing);
        Map<String, VitalsHistory> changed = new LinkedHashMap<>();
        for (Positioned positioned : records) {
            String patient = positioned.record().patientId();
            VitalsHistory history = state.patients.computeIfAbsent(patient, p -> loaded.getOrDefault(p, new VitalsHistory()));
            Instant at = positioned.record().effectiveTime();
            if (positioned.record().prescribes()) {
                if (history.prescribe(new VitalsHistory.Prescribed(positioned.record().spo2Scale2(), partition, positioned.offset()))) {
                    changed.put(patient, history);
                }
                continue;
            }
            if (positioned.record().alarms()) {
                // A device's alarm: no reading; it carries where the patient is, for the alert.
                scores.put(positioned, new Assessment(null, history.locationAt(partition, positioned.offset())));
                continue;
            }
            if (positioned.record().movesPatient()) {
                if (history.moveTo(new VitalsHistory.Located(positioned.record().location(), partition, positioned.offset()))) {
                    changed.put(patient, history);
                }
                continue;
            }
            if (positioned.record().retracts()) {
                List<Instant> retracted = history.retract(positioned.record().recordId(), partition, positioned.offset());
                if (!retracted.isEmpty()) {
                    changed.put(patient, history);
                    at = at != null ? at : retracted.stream().max(Instant::compareTo).orElseThrow();
                }
                if (at == null) {
                    scores.put(positioned, new Assessment(null, history.locationAt(partition, positioned.offset())));
                    continue; // nothing known of it here, and no time to score at
                }
            } else if (remember(history, positioned)) {
                changed.put(patient, history);
            }
            scores.put(positioned, new Assessment(scoreAt(history, at, partition, positioned.offset(),
                    history.spo2Scale2At(partition, positioned.offset())),
                    history.locationAt(partition, positioned.offset())));
        }
        state.nextOffset = records.get(records.size() - 1).offset() + 1;
        state.lastUsed = System.nanoTime();
        return changed;
    }

    /** One record outside a batch (tests, tools): its readings are durable when this returns. */
    public News2.Score scoreWith(ClinicalRecord record) {
        if (!scores(record)) {
            throw new IllegalArgumentException("NEWS2 needs a patient, vital signs and a time");
        }
        Positioned positioned = new Positioned(UNPARTITIONED, Long.MAX_VALUE, record);
        return scoreBatch(List.of(positioned)).get(positioned);
    }

    /**
     * Whether Vigil knows the patient (a reading, an admission or a prescription came in): a
     * prescription for a mistyped id must not wait for whoever gets that id later.
     */
    public boolean knows(String patientId) {
        for (PartitionState state : partitions.values()) {
            synchronized (state) {
                if (state.patients.containsKey(patientId)) {
                    return true; // here, perhaps not saved yet
                }
            }
        }
        return !store.load(Set.of(patientId)).isEmpty();
    }

    /** NEWS2 at a time from what is durable for the patient. */
    News2.Score scoreAt(String patientId, Instant at) {
        VitalsHistory history = store.load(Set.of(patientId)).getOrDefault(patientId, new VitalsHistory());
        return scoreAt(history, at, UNPARTITIONED, Long.MAX_VALUE, history.spo2Scale2At(UNPARTITIONED, Long.MAX_VALUE));
    }

    private boolean remember(VitalsHistory history, Positioned positioned) {
        VitalSigns vitals = positioned.record().vitals();
        Instant at = positioned.record().effectiveTime();
        boolean added = false;
        added |= add(history, Parameter.RESPIRATION_RATE, vitals.respiratoryRatePerMin(), at, positioned);
        added |= add(history, Parameter.SPO2, vitals.spo2Percent(), at, positioned);
        added |= add(history, Parameter.AIR_OR_OXYGEN, vitals.supplementalOxygen(), at, positioned);
        added |= add(history, Parameter.SYSTOLIC_BP, vitals.systolicMmHg(), at, positioned);
        added |= add(history, Parameter.PULSE, vitals.heartRatePerMin(), at, positioned);
        added |= add(history, Parameter.CONSCIOUSNESS, vitals.consciousness() == null ? null : vitals.consciousness().name(), at, positioned);
        added |= add(history, Parameter.TEMPERATURE, vitals.temperatureCelsius(), at, positioned);
        return added;
    }

    private static boolean add(VitalsHistory history, Parameter parameter, Object value, Instant at, Positioned positioned) {
        if (value == null) {
            return false;
        }
        VitalsHistory.Reading reading = new VitalsHistory.Reading(value, at, positioned.partition(), positioned.offset(),
                positioned.record().recordId());
        String status = positioned.record().status();
        // An amended or corrected result replaces the reading of its earlier version.
        return "amended".equals(status) || "corrected".equals(status) ? history.replace(parameter, reading) : history.add(parameter, reading);
    }

    private News2.Score scoreAt(VitalsHistory history, Instant at, int partition, long offset, boolean hypercapnic) {
        return News2.score(new News2.Inputs(
                number(history, Parameter.RESPIRATION_RATE, at, partition, offset),
                number(history, Parameter.SPO2, at, partition, offset),
                (Boolean) value(history, Parameter.AIR_OR_OXYGEN, at, partition, offset),
                number(history, Parameter.SYSTOLIC_BP, at, partition, offset),
                number(history, Parameter.PULSE, at, partition, offset),
                consciousness(value(history, Parameter.CONSCIOUSNESS, at, partition, offset)),
                number(history, Parameter.TEMPERATURE, at, partition, offset),
                hypercapnic));
    }

    private Object value(VitalsHistory history, Parameter parameter, Instant at, int partition, long offset) {
        VitalsHistory.Reading reading = history.latest(parameter, at, window, partition, offset);
        return reading == null ? null : reading.value();
    }

    private Double number(VitalsHistory history, Parameter parameter, Instant at, int partition, long offset) {
        Object value = value(history, parameter, at, partition, offset);
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static Consciousness consciousness(Object value) {
        return value == null ? null : Consciousness.valueOf((String) value);
    }

    private void evictIdle() {
        long now = System.nanoTime();
        partitions.values().removeIf(state -> now - state.lastUsed > idleEviction.toNanos());
    }
}
