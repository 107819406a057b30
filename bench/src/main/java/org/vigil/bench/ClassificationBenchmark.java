package org.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.vigil.clinical.ClinicalRules;
import org.vigil.clinical.ClinicalThresholds;
import org.vigil.clinical.News2;
import org.vigil.clinical.PatientVitalsStore;
import org.vigil.clinical.PatientVitalsWindow;
import org.vigil.clinical.VitalsHistory;
import org.vigil.config.Specialties;
import org.vigil.config.SpecialtyProperties;
import org.vigil.config.VigilProperties;
import org.vigil.event.Trigger;
import org.vigil.ingest.HeartCsvCoding;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.VitalSigns;
import org.vigil.risk.RiskModel;
import org.vigil.risk.RiskScore;
import org.vigil.routing.RoutingDecision;
import org.vigil.routing.SpecialtyRouter;

/**
 * Classification alone, as the engine runs it per record: clinical rules, NEWS2 from the patient's
 * window (state in memory, as in the instance that owns the partition; its one durable write per
 * batch is I/O and is measured with the stores), the PMML risk model, the facts and the router.
 * Records come in batches of {@value #BATCH}, as from Kafka. Two streams: bedside vital signs (one
 * parameter per Observation, 500 patients; NEWS2, no risk model) and heart-study rows (heart.csv;
 * the PMML model, no NEWS2).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ClassificationBenchmark {

    static final int BATCH = 500;

    private ClinicalRules rules;
    private PatientVitalsWindow window;
    private RiskModel risk;
    private SpecialtyRouter router;
    private final List<ClinicalRecord> vitals = new ArrayList<>();
    private final List<ClinicalRecord> heart = new ArrayList<>();
    private long offset;
    private int next;

    @Setup
    public void setUp() throws IOException {
        rules = new ClinicalRules(ClinicalThresholds.defaults());
        window = new PatientVitalsWindow(new StateInMemoryOnly(), Duration.ofHours(1));
        risk = new RiskModel("");
        VigilProperties vigil = new VigilProperties(new VigilProperties.Kafka("", "vigil.", null),
                new VigilProperties.Mongodb("vigil", "", "patients_record"), new VigilProperties.Elasticsearch("vigil-", "", 1, 0));
        router = new SpecialtyRouter(Specialties.of(vigil, Map.of(
                "cardiology", definition("risk-high", "HYPERTENSION", "HYPERTENSIVE_CRISIS", "ABNORMAL_RESTING_ECG", "MAX_HEART_RATE_OUT_OF_RANGE"),
                "emergency", definition("HYPERTENSIVE_CRISIS", "hypotension-with-high-risk", "news2-high", "news2-single-3"),
                "vitals", definition("vital-signs"),
                "research", definition("always"))));
        Random random = new Random(7);
        Instant start = Instant.parse("2026-12-01T08:00:00Z");
        for (int i = 0; i < 20_000; i++) {
            double v = random.nextDouble();
            VitalSigns reading = switch (i % 5) {
                case 0 -> new VitalSigns(100 + 80 * v, 60 + 30 * v, null, null, null, null, null, null);
                case 1 -> new VitalSigns(null, null, 50 + 90 * v, null, null, null, null, null);
                case 2 -> new VitalSigns(null, null, null, 10 + 20 * v, null, null, null, null);
                case 3 -> new VitalSigns(null, null, null, null, 88 + 12 * v, null, v > 0.8, null);
                default -> new VitalSigns(null, null, null, null, null, 35.5 + 4 * v, null, null);
            };
            vitals.add(new ClinicalRecord("Observation/" + i, "bench", "Patient/" + (i % 500), start.plusSeconds(i), null, null, null, reading));
        }
        List<String> rows = Files.readAllLines(Path.of("data/heart.csv"));
        for (int i = 1; i < rows.size(); i++) {
            heart.add(new ClinicalRecord("csv-" + i, "file:heart.csv:" + i, null, null, null, null,
                    HeartCsvCoding.KAGGLE.decode(List.of(rows.get(i).split(","))), null));
        }
    }

    private static SpecialtyProperties.Definition definition(String... when) {
        return new SpecialtyProperties.Definition(List.of(when), List.of(), false, List.of(), null, null, false, null);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void vitalSigns(Blackhole sink) {
        List<PatientVitalsWindow.Positioned> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            ClinicalRecord record = vitals.get(next++ % vitals.size());
            // Time moves on as the stream does, so the window keeps working, never filling up with one instant.
            ClinicalRecord now = new ClinicalRecord(record.recordId(), record.source(), record.patientId(),
                    record.effectiveTime().plusSeconds(offset), null, null, null, record.vitals());
            batch.add(new PatientVitalsWindow.Positioned(0, offset++, now));
        }
        Map<PatientVitalsWindow.Positioned, News2.Score> scores = window.scoreBatch(batch);
        for (PatientVitalsWindow.Positioned positioned : batch) {
            sink.consume(classify(positioned.record(), scores.get(positioned), null));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void heartStudy(Blackhole sink) {
        for (int i = 0; i < BATCH; i++) {
            ClinicalRecord record = heart.get(next++ % heart.size());
            sink.consume(classify(record, null, risk.score(record.heart()).orElse(null)));
        }
    }

    private RoutingDecision classify(ClinicalRecord record, News2.Score news2, RiskScore score) {
        ClinicalRules.Assessment assessment = rules.assess(record);
        return router.route(Trigger.factsOf(record, assessment, news2, score == null ? null : score.probability(), 0.5));
    }

    /** The window's own memory only: its one write per batch is the stores' business here. */
    private static final class StateInMemoryOnly implements PatientVitalsStore {

        @Override
        public Map<String, VitalsHistory> load(Collection<String> patientIds) {
            return Map.of();
        }

        @Override
        public void save(Map<String, VitalsHistory> histories) {
        }
    }
}
