package org.vigil.alert;

import java.time.Instant;

/**
 * What a caregiver asks of an alert, on the alert-commands topic keyed by patient, so that it is
 * applied by the instance that owns the patient's alert state, in order with the patient's records.
 *
 * @param commandId the request's id: applying it twice changes nothing
 */
public record AlertCommand(String commandId, String type, String alertId, String patientId, String condition, String by, Instant at) {

    public static final String ACKNOWLEDGE = "acknowledge";
}
