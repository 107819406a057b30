package org.vigil.event;

import java.util.LinkedHashMap;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What makes a record an anomaly is decided once: findings worth a clinician's look, not routing triggers. */
class TriggerTest {

    @Test
    void onlyFindingsWorthAClinciansLookAreAnomalies() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(Trigger.ALWAYS, "every record");
        facts.put(Trigger.VITAL_SIGNS, "vital signs");
        facts.put("HYPERTENSION", "150/95");
        facts.put("HIGH_CHOLESTEROL", "240 mg/dl");
        facts.put("HIGH_FASTING_BLOOD_SUGAR", "yes");
        facts.put("ABNORMAL_RESTING_ECG", "LVH");
        facts.put("MAX_HEART_RATE_OUT_OF_RANGE", "90");
        assertThat(Trigger.anomaliesOf(facts)).as("routing triggers stay routing triggers").isEmpty();

        facts.put("HYPERTENSIVE_CRISIS", "190/125");
        facts.put(Trigger.NEWS2_MEDIUM, "NEWS2 6");
        facts.put(Trigger.RISK_HIGH, "0.81");
        assertThat(Trigger.anomaliesOf(facts)).containsExactly("HYPERTENSIVE_CRISIS", Trigger.NEWS2_MEDIUM, Trigger.RISK_HIGH);
        assertThat(Trigger.known()).containsAll(Trigger.ANOMALIES);
    }

    /** A risk reason reads as String.format("%.2f") does in an English locale, on every machine. */
    @Property(tries = 10_000)
    void aProbabilityIsWrittenToTwoDecimalsAsFormatWould(@ForAll @DoubleRange(min = 0, max = 1) double probability) {
        assertThat(Trigger.twoDecimals(probability)).isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", probability));
    }

    @Test
    void halfwayRoundsUpAndTheLocaleDoesNotChangeThePoint() {
        assertThat(Trigger.twoDecimals(0.125)).isEqualTo("0.13");
        assertThat(Trigger.twoDecimals(0.5)).isEqualTo("0.50");
        assertThat(Trigger.twoDecimals(1.0E-5)).isEqualTo("0.00");
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertThat(Trigger.twoDecimals(0.8149)).isEqualTo("0.81");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
