package org.vigil.testsupport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.vigil.record.ClinicalRecord;
import org.vigil.record.Consciousness;
import org.vigil.record.VitalSigns;

/**
 * Canonical vital-sign records as the ingest routes publish them, for tests that start at the
 * records topic: a few patients, one complete set of vital signs each per minute, values spread
 * (seeded) from normal to alarming so that every vital-sign destination gets some.
 */
public final class VitalSignRecords {

    private VitalSignRecords() {
    }

    public static List<ClinicalRecord> generate(String runId, int count, int patients, long seed) {
        Random random = new Random(seed);
        Instant start = Instant.parse("2026-11-30T08:00:00Z");
        List<ClinicalRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int patient = i % patients;
            Instant time = start.plusSeconds(60L * (i / patients));
            boolean unwell = random.nextInt(5) == 0;
            VitalSigns vitals = new VitalSigns(
                    (double) (unwell ? 185 + random.nextInt(20) : 105 + random.nextInt(40)),
                    (double) (unwell ? 95 + random.nextInt(30) : 60 + random.nextInt(25)),
                    (double) (unwell ? 120 + random.nextInt(20) : 60 + random.nextInt(30)),
                    (double) (unwell ? 24 + random.nextInt(6) : 12 + random.nextInt(8)),
                    (double) (unwell ? 88 + random.nextInt(4) : 95 + random.nextInt(5)),
                    unwell ? 38.5 + random.nextInt(10) / 10.0 : 36.4 + random.nextInt(10) / 10.0,
                    false,
                    Consciousness.ALERT);
            records.add(new ClinicalRecord(runId + "-record-" + i, "test:" + runId + ":" + i,
                    "Patient/" + runId + "-" + patient, time, null, null, null, vitals));
        }
        return records;
    }
}
