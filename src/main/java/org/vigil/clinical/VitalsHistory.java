package org.vigil.clinical;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.vigil.clinical.News2.Parameter;

/**
 * One patient's recent NEWS2 readings, per parameter, in the order they were taken. Each reading
 * remembers the position (partition and offset) of the record that brought it, so a record scored
 * again (after a crash, a restart, a rebalance) sees exactly the readings it saw the first time:
 * those of records up to and including itself in its partition, never later ones. Adding a
 * reading twice changes nothing.
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
     * @param value     a number, a Boolean (on oxygen), or an ACVPU level's name
     * @param partition the Kafka partition of the record that brought it
     * @param offset    that record's position in its partition
     */
    public record Reading(Object value, Instant at, int partition, long offset) {

        /** Whether a record at this position had this reading when it was first scored. */
        boolean visibleTo(int recordPartition, long recordOffset) {
            return partition != recordPartition || offset <= recordOffset;
        }
    }

    private final Map<Parameter, List<Reading>> readings = new EnumMap<>(Parameter.class);

    public static VitalsHistory of(Map<Parameter, List<Reading>> readings) {
        VitalsHistory history = new VitalsHistory();
        readings.forEach((parameter, list) -> list.forEach(reading -> history.add(parameter, reading)));
        return history;
    }

    /** @return false when the reading was already there */
    public boolean add(Parameter parameter, Reading reading) {
        List<Reading> list = readings.computeIfAbsent(parameter, p -> new ArrayList<>());
        for (Reading known : list) {
            if (known.offset() == reading.offset() && known.partition() == reading.partition() && known.at().equals(reading.at())) {
                return false;
            }
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
    public Map<Parameter, List<Reading>> readings() {
        Map<Parameter, List<Reading>> copy = new EnumMap<>(Parameter.class);
        readings.forEach((parameter, list) -> copy.put(parameter, List.copyOf(list)));
        return copy;
    }
}
