package org.vigil.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.vigil.clinical.News2;
import org.vigil.clinical.PatientVitalsWindow;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.Consciousness;
import org.vigil.record.VitalSigns;

/**
 * Streams whose NEWS2 depends on per-patient state, and the scores an uninterrupted run gives
 * them: for the tests that interrupt Vigil (a crash, a rebalance) and compare. Each minute each
 * patient sends only some of its parameters, as separate Observations would, so a score needs the
 * patient's window of earlier readings.
 */
public final class News2Reference {

    private News2Reference() {
    }

    /**
     * {@code patients} patients ({@code Patient/<prefix>-<n>}) over {@code minutes} minutes, from a
     * fixed seed; the first {@code inCrisis} patients' blood pressure is always a hypertensive
     * crisis (190/125), so each has exactly one crisis alert however often its records are read.
     */
    public static List<ClinicalRecord> readings(String prefix, int patients, int minutes, long seed, int inCrisis) {
        Random random = new Random(seed);
        Instant start = Instant.parse("2026-11-30T08:00:00Z");
        List<ClinicalRecord> list = new ArrayList<>();
        for (int minute = 0; minute < minutes; minute++) {
            for (int p = 0; p < patients; p++) {
                String patient = "Patient/" + prefix + "-" + p;
                Instant at = start.plusSeconds(60L * minute + p);
                boolean unwell = random.nextInt(4) == 0;
                VitalSigns bloodPressure = p < inCrisis ? new VitalSigns(190.0, 125.0, null, null, null, null, null, null)
                        : new VitalSigns((double) (unwell ? 95 : 120 + random.nextInt(20)), 70.0, null, null, null, null, null, null);
                VitalSigns[] parameters = {
                        new VitalSigns(null, null, null, (double) (unwell ? 26 : 12 + random.nextInt(8)), null, null, null, null),
                        new VitalSigns(null, null, null, null, (double) (unwell ? 90 : 96), null, unwell, null),
                        bloodPressure,
                        new VitalSigns(null, null, (double) (unwell ? 125 : 60 + random.nextInt(30)), null, null, null, null, null),
                        new VitalSigns(null, null, null, null, null, null, null, unwell ? Consciousness.VOICE : Consciousness.ALERT),
                        new VitalSigns(null, null, null, null, null, unwell ? 39.2 : 36.8, null, null)};
                for (int i = 0; i < parameters.length; i++) {
                    if (minute % 3 == 0 || random.nextInt(3) == 0) {
                        String id = prefix + "-" + minute + "-" + p + "-" + i;
                        list.add(new ClinicalRecord(id, "test:" + id, patient, at.plusMillis(i), null, null, null, parameters[i]));
                    }
                }
            }
        }
        return list;
    }

    /**
     * Record id → NEWS2 ({@link #news2}) for the records as consumed from the records topic: the
     * same records, in the same partitions and order, through the same window code, in this JVM,
     * with nothing in between (no Kafka consumer, no crash, no rebalance).
     */
    public static Map<String, String> uninterruptedRun(List<ConsumerRecord<String, byte[]>> consumed) throws Exception {
        List<ConsumerRecord<String, byte[]>> ordered = new ArrayList<>(consumed);
        ordered.sort(Comparator.<ConsumerRecord<String, byte[]>>comparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset));
        PatientVitalsWindow window = new PatientVitalsWindow(new InMemoryPatientVitalsStore(), Duration.ofHours(1));
        Map<String, String> expected = new HashMap<>();
        for (ConsumerRecord<String, byte[]> message : ordered) {
            ClinicalRecord record = RecordJson.MAPPER.readValue(message.value(), ClinicalRecord.class);
            PatientVitalsWindow.Positioned positioned = new PatientVitalsWindow.Positioned(message.partition(), message.offset(), record);
            News2.Score score = window.scoreBatch(List.of(positioned)).get(positioned);
            expected.put(record.recordId(), news2(RecordJson.MAPPER.valueToTree(score)));
        }
        return expected;
    }

    /** A NEWS2 result as one comparable string: total, band, the parameters' scores and what was missing. */
    public static String news2(JsonNode news2) {
        return news2.get("total").asInt() + " " + news2.get("band").asText() + " " + news2.get("scores") + " missing " + news2.get("missing");
    }
}
