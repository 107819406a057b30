package org.vigil.event;

import java.util.LinkedHashMap;
import java.util.Map;

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
}
