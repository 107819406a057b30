package org.vigil.clinical;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.clinical.News2.Band;
import org.vigil.clinical.News2.Parameter;
import org.vigil.record.ClinicalRecord;
import org.vigil.state.MongoPatientVitalsStore;
import org.vigil.record.Consciousness;
import org.vigil.record.VitalSigns;

import org.vigil.testsupport.InMemoryMongo;

import static org.assertj.core.api.Assertions.assertThat;

/** NEWS2 from Observations that arrive one vital sign at a time, against a real MongoDB-protocol server. */
class PatientVitalsWindowTest {

    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

    @RegisterExtension
    final InMemoryMongo mongo = new InMemoryMongo();

    private PatientVitalsWindow window() {
        return new PatientVitalsWindow(new MongoPatientVitalsStore(mongo.client(), "vigil", "news2"), Duration.ofHours(1));
    }

    private static ClinicalRecord reading(String patient, int minutes, VitalSigns vitals) {
        return new ClinicalRecord("r" + minutes, "test", patient, T0.plusSeconds(minutes * 60L), null, null, null, vitals);
    }

    private static VitalSigns rr(double v) {
        return new VitalSigns(null, null, null, v, null, null, null, null);
    }

    private static VitalSigns pulse(double v) {
        return new VitalSigns(null, null, v, null, null, null, null, null);
    }

    @Test
    void scoresAccumulateAcrossObservationsAndMissingOnesAreListed() {
        PatientVitalsWindow window = window();
        News2.Score first = window.scoreWith(reading("Patient/1", 0, rr(26)));
        assertThat(first.scores()).containsOnly(org.assertj.core.data.MapEntry.entry(Parameter.RESPIRATION_RATE, 3));
        assertThat(first.missing()).hasSize(6);

        window.scoreWith(reading("Patient/1", 1, new VitalSigns(95.0, 60.0, null, null, null, null, null, null)));
        window.scoreWith(reading("Patient/1", 2, pulse(118)));
        window.scoreWith(reading("Patient/1", 3, new VitalSigns(null, null, null, null, 93.0, null, true, null)));
        window.scoreWith(reading("Patient/1", 4, new VitalSigns(null, null, null, null, null, null, null, Consciousness.ALERT)));
        News2.Score complete = window.scoreWith(reading("Patient/1", 5, new VitalSigns(null, null, null, null, null, 39.4, null, null)));

        assertThat(complete.complete()).isTrue();
        assertThat(complete.total()).isEqualTo(13);
        assertThat(complete.band()).isEqualTo(Band.HIGH);
    }

    @Test
    void valuesOlderThanTheWindowNoLongerCountAndLateOlderReadingsDoNotReplaceNewer() {
        PatientVitalsWindow window = window();
        window.scoreWith(reading("Patient/2", 0, pulse(135)));
        assertThat(window.scoreWith(reading("Patient/2", 61, rr(16))).scores()).doesNotContainKey(Parameter.PULSE);

        window.scoreWith(reading("Patient/2", 70, pulse(80)));
        // A reading taken earlier but delivered later must not replace the newer one.
        window.scoreWith(reading("Patient/2", 65, pulse(140)));
        assertThat(window.scoreAt("Patient/2", T0.plusSeconds(71 * 60)).scores()).containsEntry(Parameter.PULSE, 0);
    }

    @Test
    void patientsAreSeparateAndStateSurvivesANewInstance() {
        window().scoreWith(reading("Patient/3", 0, rr(26)));
        window().scoreWith(reading("Patient/4", 0, rr(16)));
        assertThat(window().scoreAt("Patient/3", T0.plusSeconds(60)).scores()).containsEntry(Parameter.RESPIRATION_RATE, 3);
        assertThat(window().scoreAt("Patient/4", T0.plusSeconds(60)).scores()).containsEntry(Parameter.RESPIRATION_RATE, 0);
    }

    @Test
    void aPrescriptionOfSpo2Scale2HoldsFromItsPlaceInThePatientsRecordsOn() {
        PatientVitalsWindow window = window();
        assertThat(window.knows("Patient/5")).as("a patient Vigil never saw: a mistyped id").isFalse();
        VitalSigns hypoxic = new VitalSigns(null, null, null, null, 89.0, null, false, null);
        List<PatientVitalsWindow.Positioned> batch = List.of(
                at(3, 0, reading("Patient/5", 0, hypoxic)),
                at(3, 1, ClinicalRecord.prescription("p-1", "http:news2-prescription:dr", "Patient/5", T0.plusSeconds(90), true)),
                at(3, 2, reading("Patient/5", 2, hypoxic)),
                at(3, 3, reading("Patient/6", 2, hypoxic)));
        Map<PatientVitalsWindow.Positioned, PatientVitalsWindow.Assessment> first = window.assessBatch(batch);
        assertThat(window.knows("Patient/5")).isTrue();
        assertThat(first.get(batch.get(0)).news2().scores()).as("before the prescription: scale 1").containsEntry(Parameter.SPO2, 3);
        assertThat(first).as("a prescription is state, not a score").doesNotContainKey(batch.get(1));
        assertThat(first.get(batch.get(2)).news2().scores()).as("after it: scale 2, 88-92 % scores 0").containsEntry(Parameter.SPO2, 0);
        assertThat(first.get(batch.get(3)).news2().scores()).as("another patient: scale 1").containsEntry(Parameter.SPO2, 3);

        // Kept with the history: another instance reading the batch again scores it the same, and
        // the patient's later readings stay on scale 2 until it is withdrawn.
        Map<PatientVitalsWindow.Positioned, PatientVitalsWindow.Assessment> again = window().assessBatch(batch);
        batch.forEach(positioned -> assertThat(again.get(positioned)).isEqualTo(first.get(positioned)));
        var later = at(3, 4, reading("Patient/5", 3, hypoxic));
        assertThat(window().assessBatch(List.of(later)).get(later).news2().scores()).containsEntry(Parameter.SPO2, 0);
        var withdrawn = at(3, 5, ClinicalRecord.prescription("p-2", "http:news2-prescription:dr", "Patient/5", T0.plusSeconds(240), false));
        var after = at(3, 6, reading("Patient/5", 5, hypoxic));
        assertThat(window.assessBatch(List.of(withdrawn, after)).get(after).news2().scores()).containsEntry(Parameter.SPO2, 3);
    }

    private static PatientVitalsWindow.Positioned at(int partition, long offset, ClinicalRecord record) {
        return new PatientVitalsWindow.Positioned(partition, offset, record);
    }

    @Test
    void aBatchProcessedAgainAfterARestartGivesTheScoresItGaveTheFirstTime() {
        List<PatientVitalsWindow.Positioned> batch = List.of(
                at(0, 10, reading("Patient/7", 0, rr(26))),
                at(0, 11, reading("Patient/7", 1, pulse(135))),
                at(0, 12, reading("Patient/7", 2, rr(16))),
                at(0, 13, reading("Patient/7", 3, pulse(80))));
        Map<PatientVitalsWindow.Positioned, News2.Score> first = window().scoreBatch(batch);
        assertThat(first.get(batch.get(1)).scores()).containsEntry(Parameter.RESPIRATION_RATE, 3).containsEntry(Parameter.PULSE, 3);

        // A crash after the state was written but before the offsets were committed: a new instance
        // reads the batch again, with the state that already holds all of it.
        Map<PatientVitalsWindow.Positioned, News2.Score> again = window().scoreBatch(batch);
        assertThat(again).hasSize(4);
        batch.forEach(record -> assertThat(again.get(record)).isEqualTo(first.get(record)));
        // And from the middle of it (the first two were committed).
        Map<PatientVitalsWindow.Positioned, News2.Score> rest = window().scoreBatch(batch.subList(2, 4));
        assertThat(rest.get(batch.get(2))).isEqualTo(first.get(batch.get(2)));
        assertThat(rest.get(batch.get(3))).isEqualTo(first.get(batch.get(3)));
    }

    @Test
    void aBatchsStateIsDurableOnlyOnceSavedAndABatchThatFailedBeforeIsReadAgainFromWhatWas() {
        PatientVitalsWindow window = window();
        window.assess(List.of(at(2, 0, reading("Patient/9", 0, rr(26))))).save();
        List<PatientVitalsWindow.Positioned> batch = List.of(at(2, 1, reading("Patient/9", 1, pulse(135))));
        PatientVitalsWindow.Assessed unsaved = window.assess(batch);
        News2.Score scored = unsaved.assessments().get(batch.get(0)).news2();
        assertThat(scored.scores()).containsEntry(Parameter.RESPIRATION_RATE, 3).containsEntry(Parameter.PULSE, 3);

        // Classification publishes before it saves: until then, nothing of the batch is in the store.
        var later = at(2, 5, reading("Patient/9", 2, rr(16)));
        assertThat(window().assessBatch(List.of(later)).get(later).news2().scores())
                .as("another instance sees only what was saved").doesNotContainKey(Parameter.PULSE);

        // Written in the background while the messages are published, waited for before the commit.
        java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            PatientVitalsWindow.Assessed background = window().assess(List.of(at(4, 0, reading("Patient/10", 0, rr(26)))));
            background.saveInBackground(writer);
            background.save();
            var next = at(4, 1, reading("Patient/10", 1, pulse(80)));
            assertThat(window().assessBatch(List.of(next)).get(next).news2().scores()).as("written by the background write")
                    .containsEntry(Parameter.RESPIRATION_RATE, 3);
        } finally {
            writer.shutdown();
        }

        // The publish failed: the batch is read again, and scores as it did, from what was saved.
        News2.Score again = window.assess(batch).assessments().get(batch.get(0)).news2();
        assertThat(again).isEqualTo(scored);
        unsaved.save();
        unsaved.save();
        var after = at(2, 6, reading("Patient/9", 3, rr(16)));
        assertThat(window().assessBatch(List.of(after)).get(after).news2().scores()).as("saved now").containsEntry(Parameter.PULSE, 3);
    }

    @Test
    void aPartitionThatWasAwayIsReadAgainFromTheStore() {
        PatientVitalsWindow mine = window();
        PatientVitalsWindow other = window();
        mine.scoreBatch(List.of(at(1, 0, reading("Patient/8", 0, rr(16)))));
        // The partition moves to another instance, which takes the next records...
        other.scoreBatch(List.of(at(1, 1, reading("Patient/8", 1, rr(26)))));
        // ...and comes back: this batch does not start where this instance left off, so memory is stale.
        News2.Score back = mine.scoreBatch(List.of(at(1, 2, reading("Patient/8", 2, pulse(80))))).values().iterator().next();
        assertThat(back.scores()).containsEntry(Parameter.RESPIRATION_RATE, 3).containsEntry(Parameter.PULSE, 0);
    }

    @Test
    void recordsWithoutVitalSignsOrPatientAreNotScored() {
        var study = at(0, 0, new ClinicalRecord("csv-1", "file:heart.csv:2", null, null, null, null, null, null));
        assertThat(window().scoreBatch(List.of(study))).isEmpty();
    }
}
