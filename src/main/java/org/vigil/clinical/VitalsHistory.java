package org.vigil.clinical;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.vigil.clinical.News2.Parameter;
import org.vigil.record.PatientLocation;

/**
 * One patient's recent NEWS2 readings, per parameter, in the order they were taken. Each reading
 * remembers the position (partition and offset) of the record that brought it, so a record scored
 * again (after a crash, a restart, a rebalance) sees exactly the readings it saw the first time:
 * those of records up to and including itself in its partition, never later ones. Adding a
 * reading twice changes nothing. A reading retracted (entered in error) or replaced (amended,
 * corrected) stops counting from the position of the record that did so.
 *
 * <p>Bounded: per parameter, readings older than the newest minus {@link #RETAINED} and beyond the
 * newest {@link #MAX_READINGS} are dropped; a record later than that finds the parameter missing,
 * never a wrong value.
 */
public final class VitalsHistory {

    /** How far back readings are kept: the NEWS2 window and as long again for late records. */
    public static final Duration RETAINED = Duration.ofHours(2);
    /**
     * Readings kept per parameter, at most: enough for a batch classified again to find what it
     * found the first time, small enough that a batch's state write stays small (each patient's
     * history is written whole).
     */
    public static final int MAX_READINGS = 24;

    private static final Comparator<Reading> BY_TIME = Comparator.comparing(Reading::at).thenComparingLong(Reading::offset);

    /**
     * @param value               a number, a Boolean (on oxygen), or an ACVPU level's name
     * @param partition           the Kafka partition of the record that brought it
     * @param offset              that record's position in its partition
     * @param recordId            that record's id (null in state written before records had one here)
     * @param supersededPartition where the record that retracted or replaced it sits, if one did
     * @param supersededOffset    (with the partition) from there on the reading no longer counts
     */
    public record Reading(Object value, Instant at, int partition, long offset, String recordId,
                          Integer supersededPartition, Long supersededOffset) {

        public Reading(Object value, Instant at, int partition, long offset, String recordId) {
            this(value, at, partition, offset, recordId, null, null);
        }

        /** Whether a record at this position had this reading when it was first scored. */
        boolean visibleTo(int recordPartition, long recordOffset) {
            if (!seenBy(partition, offset, recordPartition, recordOffset)) {
                return false;
            }
            return supersededOffset == null || supersededPartition == recordPartition && recordOffset < supersededOffset;
        }

        boolean isSuperseded() {
            return supersededOffset != null;
        }

        Reading supersededAt(int byPartition, long byOffset) {
            return new Reading(value, at, partition, offset, recordId, byPartition, byOffset);
        }

        /** Whether a record at this position comes after this reading's record. */
        boolean before(int otherPartition, long otherOffset) {
            return partition != otherPartition || offset < otherOffset;
        }
    }

    /** Where the patient was moved (ADT), and the position of the record that moved them. */
    public record Located(PatientLocation location, int partition, long offset) implements Change {
    }

    /** A change of the patient's state that a record carried (a move, a prescription), at that record's position. */
    interface Change {
        int partition();

        long offset();

        /** Whether a record at this position had seen the change. */
        default boolean visibleTo(int recordPartition, long recordOffset) {
            return seenBy(partition(), offset(), recordPartition, recordOffset);
        }
    }

    /** Keeps a change (newest last, at most {@code max}); false when the record that carried it was already applied. */
    private static <T extends Change> boolean keep(List<T> kept, T change, Comparator<T> order, int max) {
        for (T known : kept) {
            if (known.partition() == change.partition() && known.offset() == change.offset()) {
                return false;
            }
        }
        kept.add(change);
        if (order != null) {
            kept.sort(order);
        }
        while (kept.size() > max) {
            kept.remove(0);
        }
        return true;
    }

    /** The latest change a record at this position had seen; null when none. */
    private static <T extends Change> T latestSeenBy(List<T> kept, int partition, long offset) {
        for (int i = kept.size() - 1; i >= 0; i--) {
            if (kept.get(i).visibleTo(partition, offset)) {
                return kept.get(i);
            }
        }
        return null;
    }

    /**
     * Whether a record at one position had seen what a record at another brought: one of its own
     * partition up to itself, or one of another partition (order across partitions is not known).
     */
    private static boolean seenBy(int partition, long offset, int recordPartition, long recordOffset) {
        return partition != recordPartition || offset <= recordOffset;
    }

    /**
     * A clinician's prescription of SpO2 scale 2 (or its withdrawal), and the position of the
     * record that carried it: it holds for the patient's records after it.
     */
    public record Prescribed(boolean spo2Scale2, int partition, long offset) implements Change {
    }

    /** Locations kept: the current one and a few before it, for records scored again. */
    static final int MAX_LOCATIONS = 8;
    /** Prescriptions kept: the current one and a few before it, for records scored again. */
    static final int MAX_PRESCRIPTIONS = 4;

    private final Map<Parameter, List<Reading>> readings = new EnumMap<>(Parameter.class);
    private final List<Located> locations = new ArrayList<>();
    private final List<Prescribed> prescriptions = new ArrayList<>();

    /** @return false when this prescription was already known */
    public boolean prescribe(Prescribed prescribed) {
        return keep(prescriptions, prescribed, null, MAX_PRESCRIPTIONS);
    }

    /** Whether SpO2 scale 2 is prescribed for a record at this position: the latest prescription it had seen says. */
    public boolean spo2Scale2At(int partition, long offset) {
        Prescribed latest = latestSeenBy(prescriptions, partition, offset);
        return latest != null && latest.spo2Scale2();
    }

    public List<Prescribed> prescriptions() {
        return List.copyOf(prescriptions);
    }

    /** @return false when this move was already known */
    public boolean moveTo(Located located) {
        return keep(locations, located, BY_SINCE, MAX_LOCATIONS);
    }

    private static final Comparator<Located> BY_SINCE = Comparator.comparing((Located l) -> l.location().since())
            .thenComparingLong(Located::offset);

    /** Where the patient was, as a record at this position knew it; null when no ADT message said. */
    public PatientLocation locationAt(int partition, long offset) {
        Located latest = latestSeenBy(locations, partition, offset);
        return latest == null ? null : latest.location();
    }

    public List<Located> locations() {
        return List.copyOf(locations);
    }

    public static VitalsHistory of(Map<Parameter, List<Reading>> readings) {
        return of(readings, List.of());
    }

    public static VitalsHistory of(Map<Parameter, List<Reading>> readings, List<Located> locations) {
        return of(readings, locations, List.of());
    }

    public static VitalsHistory of(Map<Parameter, List<Reading>> readings, List<Located> locations, List<Prescribed> prescriptions) {
        VitalsHistory history = new VitalsHistory();
        // As saved: each reading keeps the mark of whatever retracted or replaced it.
        readings.forEach((parameter, list) -> list.forEach(reading -> history.add(parameter, reading)));
        locations.forEach(history::moveTo);
        prescriptions.forEach(history::prescribe);
        return history;
    }

    /** @return false when the reading was already there */
    public boolean add(Parameter parameter, Reading reading) {
        return add(parameter, reading, false);
    }

    /**
     * Adds the reading of an amended or corrected result: the earlier reading of the same record
     * stops counting from this one on.
     *
     * @return false when the reading was already there
     */
    public boolean replace(Parameter parameter, Reading reading) {
        return add(parameter, reading, true);
    }

    private boolean add(Parameter parameter, Reading reading, boolean replaces) {
        List<Reading> list = readings.computeIfAbsent(parameter, p -> new ArrayList<>());
        for (Reading known : list) {
            if (known.offset() == reading.offset() && known.partition() == reading.partition() && known.at().equals(reading.at())) {
                return false;
            }
        }
        if (replaces && reading.recordId() != null) {
            supersede(list, reading.recordId(), reading.partition(), reading.offset());
        }
        int at = 0;
        while (at < list.size() && BY_TIME.compare(list.get(at), reading) <= 0) {
            at++;
        }
        list.add(at, reading);
        Instant keepFrom = list.get(list.size() - 1).at().minus(RETAINED);
        list.removeIf(r -> r.at().isBefore(keepFrom));
        while (list.size() > MAX_READINGS) {
            list.remove(0);
        }
        return true;
    }

    /**
     * The record with this id was entered in error: its readings stop counting for records from
     * this position on (records before it still see them, so scoring a batch again gives what it
     * gave). Returns the times of the readings it retracted, empty when it knew none.
     */
    public List<Instant> retract(String recordId, int partition, long offset) {
        List<Instant> retracted = new ArrayList<>();
        readings.values().forEach(list -> retracted.addAll(supersede(list, recordId, partition, offset)));
        return retracted;
    }

    private static List<Instant> supersede(List<Reading> list, String recordId, int partition, long offset) {
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Reading known = list.get(i);
            if (recordId.equals(known.recordId()) && known.before(partition, offset)) {
                if (!known.isSuperseded()) {
                    list.set(i, known.supersededAt(partition, offset));
                }
                times.add(known.at());
            }
        }
        return times;
    }

    /**
     * The latest reading taken in {@code [at - window, at]} that a record at this position had when
     * it was first scored; null when there is none (the parameter is missing).
     */
    public Reading latest(Parameter parameter, Instant at, Duration window, int partition, long offset) {
        List<Reading> list = readings.getOrDefault(parameter, List.of());
        Instant since = at.minus(window);
        for (int i = list.size() - 1; i >= 0; i--) {
            Reading reading = list.get(i);
            if (!reading.visibleTo(partition, offset) || reading.at().isAfter(at)) {
                continue;
            }
            return reading.at().isBefore(since) ? null : reading;
        }
        return null;
    }

    /** A copy of every reading kept, per parameter, oldest first. */
    /** A copy as it is now, for a write that runs while this history goes on changing. */
    public VitalsHistory snapshot() {
        VitalsHistory copy = new VitalsHistory();
        readings.forEach((parameter, list) -> copy.readings.put(parameter, new ArrayList<>(list)));
        copy.locations.addAll(locations);
        copy.prescriptions.addAll(prescriptions);
        return copy;
    }

    public Map<Parameter, List<Reading>> readings() {
        Map<Parameter, List<Reading>> copy = new EnumMap<>(Parameter.class);
        readings.forEach((parameter, list) -> copy.put(parameter, List.copyOf(list)));
        return copy;
    }
}
