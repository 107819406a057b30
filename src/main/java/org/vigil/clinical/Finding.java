package org.vigil.clinical;

/** A rule that fired on a record, with the values that made it fire, in words a clinician reads. */
public record Finding(Rule rule, String reason) {

    public enum Rule {
        HYPERTENSION, HYPERTENSIVE_CRISIS, HYPOTENSION, FEVER, HIGH_FASTING_BLOOD_SUGAR,
        HIGH_CHOLESTEROL, ABNORMAL_RESTING_ECG, MAX_HEART_RATE_OUT_OF_RANGE
    }
}
