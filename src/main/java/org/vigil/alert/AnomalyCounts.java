package org.vigil.alert;

import java.time.Instant;
import java.util.Map;

/**
 * How many anomalous records (records with at least one anomaly) there were in a time range,
 * counted where every instance sees the same number (the anomalies index), per ward and in all:
 * the spike rule's seam to its store ({@code org.vigil.state}).
 */
public interface AnomalyCounts {

    /** Counts of records whose effective time is in [from, to]. */
    record Counts(long total, Map<String, Long> byWard) {
    }

    Counts between(Instant from, Instant to);
}
