package org.vigil.alert;

import java.time.Instant;

/**
 * One change of an alert, as the alerts topic carries it (keyed by patient, or by the ward of a
 * spike): the record of truth the dashboard, the notifications and the alert store follow.
 *
 * @param eventId the same however often the change is worked out again (a batch read again after a
 *                crash gives the same ids): what every receiver de-duplicates on
 * @param by      who acknowledged; null for the other changes, which Vigil makes
 */
public record AlertEvent(String eventId, AlertEventType type, Instant at, String by, Alert alert) {

    /** The key on the alerts topic: the patient, so one patient's events stay in order. */
    public String key() {
        return alert.patientId() != null ? alert.patientId() : "alert-scope:" + alert.condition()
                + (alert.location() == null || alert.location().ward() == null ? "" : ":" + alert.location().ward());
    }
}
