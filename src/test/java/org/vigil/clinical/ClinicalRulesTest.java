package org.vigil.clinical;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.clinical.Finding.Rule;
import org.vigil.record.ChestPain;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.HeartStudy;
import org.vigil.record.RestingEcg;
import org.vigil.record.Sex;
import org.vigil.record.VitalSigns;

import static org.assertj.core.api.Assertions.assertThat;

/** Every threshold boundary of the single-value rules, on both sides. */
class ClinicalRulesTest {

    private final ClinicalRules rules = new ClinicalRules(ClinicalThresholds.defaults());

    private static ClinicalRecord vitals(Double systolic, Double diastolic, Double temperature) {
        return new ClinicalRecord("r", "test", "Patient/1", null, null, null, null,
                new VitalSigns(systolic, diastolic, null, null, null, temperature, null, null));
    }

    private static ClinicalRecord heart(int age, Sex sex, Integer trestbps, Integer chol, Boolean fbs, RestingEcg ecg, Integer thalach) {
        return new ClinicalRecord("r", "test", null, null, null, null,
                new HeartStudy(age, sex, ChestPain.ASYMPTOMATIC, trestbps, chol, fbs, ecg, thalach, false, 0.0, null, null, null, false, 0),
                null);
    }

    private List<Rule> rulesFor(ClinicalRecord record) {
        return rules.assess(record).findings().stream().map(Finding::rule).toList();
    }

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "139;89;''", "140;89;HYPERTENSION", "139;90;HYPERTENSION", "140;90;HYPERTENSION",
            "180;100;HYPERTENSION", "181;100;HYPERTENSIVE_CRISIS HYPERTENSION", "170;120;HYPERTENSION",
            "170;121;HYPERTENSIVE_CRISIS HYPERTENSION",
            "90;60;''", "89;70;HYPOTENSION", "100;59;HYPOTENSION", "89;59;HYPOTENSION"})
    void bloodPressureBoundaries(double systolic, double diastolic, String expected) {
        assertThat(rulesFor(vitals(systolic, diastolic, null)))
                .containsExactlyInAnyOrderElementsOf(expected.isBlank() ? List.of() : List.of(expected.split(" ")).stream().map(Rule::valueOf).toList());
    }

    @Test
    void feverIsAboveThirtyEight() {
        assertThat(rulesFor(vitals(null, null, 38.0))).isEmpty();
        assertThat(rulesFor(vitals(null, null, 38.1))).containsExactly(Rule.FEVER);
    }

    @Test
    void heartStudyRecordsUseSystolicOnlyAndSaySo() {
        ClinicalRules.Assessment assessment = rules.assess(heart(50, Sex.MALE, 140, 180, false, RestingEcg.NORMAL, 150));
        assertThat(assessment.findings()).extracting(Finding::rule).containsExactly(Rule.HYPERTENSION);
        assertThat(assessment.notes()).contains("blood pressure rules applied to systolic only (no diastolic in the heart-disease data)");
        assertThat(rulesFor(heart(50, Sex.MALE, 139, 180, false, RestingEcg.NORMAL, 150))).isEmpty();
        assertThat(rulesFor(heart(50, Sex.MALE, 89, 180, false, RestingEcg.NORMAL, 150))).containsExactly(Rule.HYPOTENSION);
    }

    @Test
    void cholesterolSugarAndEcg() {
        assertThat(rulesFor(heart(50, Sex.MALE, 120, 200, false, RestingEcg.NORMAL, 150))).isEmpty();
        assertThat(rulesFor(heart(50, Sex.MALE, 120, 201, false, RestingEcg.NORMAL, 150))).containsExactly(Rule.HIGH_CHOLESTEROL);
        assertThat(rulesFor(heart(50, Sex.MALE, 120, 180, true, RestingEcg.NORMAL, 150))).containsExactly(Rule.HIGH_FASTING_BLOOD_SUGAR);
        assertThat(rulesFor(heart(50, Sex.MALE, 120, 180, false, RestingEcg.ST_T_WAVE_ABNORMALITY, 150)))
                .containsExactly(Rule.ABNORMAL_RESTING_ECG);
        assertThat(rulesFor(heart(50, Sex.MALE, 120, 180, false, RestingEcg.LEFT_VENTRICULAR_HYPERTROPHY, 150)))
                .containsExactly(Rule.ABNORMAL_RESTING_ECG);
    }

    @Test
    void maximumHeartRateLimitsDependOnAgeAndSex() {
        // Men: 220 - 50 = 170; women: 226 - 50 = 176; below 60 for both.
        assertThat(rulesFor(heart(50, Sex.MALE, 120, 180, false, RestingEcg.NORMAL, 170))).isEmpty();
        assertThat(rulesFor(heart(50, Sex.MALE, 120, 180, false, RestingEcg.NORMAL, 171))).containsExactly(Rule.MAX_HEART_RATE_OUT_OF_RANGE);
        assertThat(rulesFor(heart(50, Sex.FEMALE, 120, 180, false, RestingEcg.NORMAL, 176))).isEmpty();
        assertThat(rulesFor(heart(50, Sex.FEMALE, 120, 180, false, RestingEcg.NORMAL, 177))).containsExactly(Rule.MAX_HEART_RATE_OUT_OF_RANGE);
        assertThat(rulesFor(heart(50, Sex.MALE, 120, 180, false, RestingEcg.NORMAL, 60))).isEmpty();
        assertThat(rulesFor(heart(50, Sex.MALE, 120, 180, false, RestingEcg.NORMAL, 59))).containsExactly(Rule.MAX_HEART_RATE_OUT_OF_RANGE);
    }

    @Test
    void absentInputsDoNotFireAndAreNoted() {
        ClinicalRecord noRate = new ClinicalRecord("r", "t", null, null, null, null,
                new HeartStudy(50, Sex.MALE, null, null, null, null, null, null, null, null, null, null, null, null, null), null);
        ClinicalRules.Assessment assessment = rules.assess(noRate);
        assertThat(assessment.findings()).isEmpty();
        assertThat(assessment.notes()).contains("maximum heart rate rule not applied: needs thalach, age and sex");
    }
}
