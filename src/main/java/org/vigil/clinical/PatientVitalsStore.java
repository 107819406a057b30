package org.vigil.clinical;

import java.time.Instant;
import java.util.Map;

import org.vigil.clinical.News2.Parameter;

/**
 * Where each patient's latest NEWS2 readings are kept between records: the seam between the
 * NEWS2 window (clinical logic) and its storage (a database, or state owned by the Kafka
 * partition). Implementations live outside the domain packages ({@code org.vigil.state}).
 */
public interface PatientVitalsStore {

    /** One parameter's value (a number, a Boolean for oxygen, an ACVPU name) and when it was taken. */
    record Reading(Object value, Instant at) {
    }

    /** What is kept for a patient: the latest reading of each parameter, and the SpO2 scale prescribed. */
    record PatientVitals(Map<Parameter, Reading> latest, boolean hypercapnicRespiratoryFailure) {

        public static final PatientVitals NONE = new PatientVitals(Map.of(), false);
    }

    /** Keeps each reading unless the patient already has a newer one of that parameter. */
    void remember(String patientId, Map<Parameter, Reading> readings);

    PatientVitals load(String patientId);

    void setHypercapnic(String patientId, boolean hypercapnic);
}
