package org.vigil.clinical;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.HeartStudy;
import org.vigil.record.RestingEcg;
import org.vigil.record.Sex;
import org.vigil.record.VitalSigns;

/**
 * The single-value clinical rules: blood pressure (hypertension, crisis, hypotension), fever,
 * fasting blood sugar, cholesterol, resting ECG and maximum heart rate. Thresholds come from
 * {@link ClinicalThresholds}. A rule whose inputs are absent does not fire and says so in the
 * notes, rather than passing silently.
 */
@Component("clinicalRules")
public class ClinicalRules {

    public record Assessment(List<Finding> findings, List<String> notes) {

        public boolean has(Finding.Rule rule) {
            return findings.stream().anyMatch(f -> f.rule() == rule);
        }
    }

    private final ClinicalThresholds limits;
    /** The limits as the findings state them, written once (a finding's reason names its limit). */
    private final String crisisLimit;
    private final String hypertensionLimit;
    private final String hypotensionLimit;
    private final String feverLimit;

    public ClinicalRules(ClinicalThresholds limits) {
        this.limits = limits;
        this.crisisLimit = fmt(limits.crisisSystolic()) + "/" + fmt(limits.crisisDiastolic());
        this.hypertensionLimit = fmt(limits.hypertensionSystolic()) + "/" + fmt(limits.hypertensionDiastolic());
        this.hypotensionLimit = fmt(limits.hypotensionSystolic()) + "/" + fmt(limits.hypotensionDiastolic());
        this.feverLimit = String.valueOf(limits.feverCelsius());
    }

    public Assessment assess(ClinicalRecord record) {
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        VitalSigns vitals = record.vitals();
        HeartStudy heart = record.heart();
        if (vitals != null) {
            bloodPressure(vitals.systolicMmHg(), vitals.diastolicMmHg(), findings);
            if (vitals.temperatureCelsius() != null && vitals.temperatureCelsius() > limits.feverCelsius()) {
                findings.add(new Finding(Finding.Rule.FEVER, "temperature " + vitals.temperatureCelsius() + " °C > " + feverLimit));
            }
        }
        if (heart != null) {
            if (heart.restingSystolicBp() != null) {
                // The study recorded resting systolic pressure only.
                notes.add("blood pressure rules applied to systolic only (no diastolic in the heart-disease data)");
                bloodPressure(heart.restingSystolicBp().doubleValue(), null, findings);
            }
            if (Boolean.TRUE.equals(heart.fastingBloodSugarOver120())) {
                findings.add(new Finding(Finding.Rule.HIGH_FASTING_BLOOD_SUGAR, "fasting blood sugar > 120 mg/dl"));
            }
            if (heart.cholesterol() != null && heart.cholesterol() > limits.cholesterolMgDl()) {
                findings.add(new Finding(Finding.Rule.HIGH_CHOLESTEROL, "cholesterol " + heart.cholesterol() + " mg/dl > "
                        + (int) limits.cholesterolMgDl()));
            }
            if (heart.restingEcg() != null && heart.restingEcg() != RestingEcg.NORMAL) {
                findings.add(new Finding(Finding.Rule.ABNORMAL_RESTING_ECG, "resting ECG: " + heart.restingEcg()));
            }
            maxHeartRate(heart, findings, notes);
        }
        return new Assessment(List.copyOf(findings), List.copyOf(notes));
    }

    private void bloodPressure(Double systolic, Double diastolic, List<Finding> findings) {
        if (over(systolic, limits.crisisSystolic()) || over(diastolic, limits.crisisDiastolic())) {
            findings.add(new Finding(Finding.Rule.HYPERTENSIVE_CRISIS, reading(systolic, diastolic) + " above " + crisisLimit));
        }
        if (atLeast(systolic, limits.hypertensionSystolic()) || atLeast(diastolic, limits.hypertensionDiastolic())) {
            findings.add(new Finding(Finding.Rule.HYPERTENSION, reading(systolic, diastolic) + " at or above " + hypertensionLimit));
        }
        if (under(systolic, limits.hypotensionSystolic()) || under(diastolic, limits.hypotensionDiastolic())) {
            findings.add(new Finding(Finding.Rule.HYPOTENSION, reading(systolic, diastolic) + " below " + hypotensionLimit));
        }
    }

    /** The pressure as a finding states it; written only for a rule that fired (most records fire none). */
    private static String reading(Double systolic, Double diastolic) {
        return (systolic == null ? "-" : fmt(systolic)) + "/" + (diastolic == null ? "-" : fmt(diastolic)) + " mm Hg";
    }

    private void maxHeartRate(HeartStudy heart, List<Finding> findings, List<String> notes) {
        if (heart.maxHeartRate() == null || heart.age() == null || heart.sex() == null) {
            notes.add("maximum heart rate rule not applied: needs thalach, age and sex");
            return;
        }
        int highest = (heart.sex() == Sex.FEMALE ? 226 : 220) - heart.age();
        int rate = heart.maxHeartRate();
        if (rate < limits.maxHeartRateLow() || rate > highest) {
            findings.add(new Finding(Finding.Rule.MAX_HEART_RATE_OUT_OF_RANGE, "maximum heart rate " + rate + " outside "
                    + fmt(limits.maxHeartRateLow()) + "-" + highest + " for age " + heart.age()));
        }
    }

    private static boolean over(Double value, double limit) {
        return value != null && value > limit;
    }

    private static boolean atLeast(Double value, double limit) {
        return value != null && value >= limit;
    }

    private static boolean under(Double value, double limit) {
        return value != null && value < limit;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
