package org.vigil.alert;

import java.time.Instant;
import java.util.Map;

import org.vigil.record.PatientLocation;

/**
 * An alert as it stands: who (patient, where), what (condition, severity, values, NEWS2, risk),
 * why (the rule and the reason it fired), when, and where it is in its lifecycle. Each change makes
 * a new one with the next {@code version}.
 *
 * @param patientId null for an alert about a ward or the whole hospital (the spike rule)
 * @param values    the measurements behind it (vital signs, NEWS2 parameter scores, counts)
 * @param news2     NEWS2 total and band when the record had one: {@code {total, band}}
 * @param recordId  the record that last changed it
 */
public record Alert(String alertId, String patientId, String condition, String title, Severity severity, AlertStatus status,
                    String rule, String reason, PatientLocation location, Map<String, Object> values,
                    Map<String, Object> news2, Double risk, String recordId, Instant effectiveTime,
                    Instant openedAt, Instant updatedAt, int escalations,
                    String acknowledgedBy, Instant acknowledgedAt, Instant resolvedAt, long version) {

    public Alert {
        values = values == null ? Map.of() : values;
    }

    public Alert acknowledged(String by, Instant at) {
        return new Alert(alertId, patientId, condition, title, severity, AlertStatus.ACKNOWLEDGED, rule, reason, location, values,
                news2, risk, recordId, effectiveTime, openedAt, at, escalations, by, at, resolvedAt, version + 1);
    }
}
