package org.vigil.clinical;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.clinical.News2.Parameter;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.Consciousness;
import org.vigil.record.VitalSigns;

/**
 * The latest value of each NEWS2 parameter per patient. Vital signs arrive one Observation at a
 * time; NEWS2 is scored from the most recent value of each parameter within the window (default
 * 1 h) before the record's time. The readings are kept in a {@link PatientVitalsStore}, so they
 * survive a restart and are shared by every Vigil instance.
 *
 * <p>Only a newer reading replaces a stored one, so a late, older reading never replaces a newer
 * one. Records are keyed by patient on Kafka, so one consumer handles a given patient at a time.
 */
@Component("patientVitalsWindow")
public class PatientVitalsWindow {

    private final PatientVitalsStore store;
    private final Duration window;

    public PatientVitalsWindow(PatientVitalsStore store, @Value("${vigil.clinical.news2.window}") Duration window) {
        this.store = store;
        this.window = window;
    }

    /** Adds the record's vital signs to its patient's window and scores NEWS2 at the record's time. */
    public News2.Score scoreWith(ClinicalRecord record) {
        VitalSigns vitals = record.vitals();
        if (record.patientId() == null || vitals == null || record.effectiveTime() == null) {
            throw new IllegalArgumentException("NEWS2 needs a patient, vital signs and a time");
        }
        Instant at = record.effectiveTime();
        Map<Parameter, PatientVitalsStore.Reading> readings = new EnumMap<>(Parameter.class);
        put(readings, Parameter.RESPIRATION_RATE, vitals.respiratoryRatePerMin(), at);
        put(readings, Parameter.SPO2, vitals.spo2Percent(), at);
        put(readings, Parameter.AIR_OR_OXYGEN, vitals.supplementalOxygen(), at);
        put(readings, Parameter.SYSTOLIC_BP, vitals.systolicMmHg(), at);
        put(readings, Parameter.PULSE, vitals.heartRatePerMin(), at);
        put(readings, Parameter.CONSCIOUSNESS, vitals.consciousness() == null ? null : vitals.consciousness().name(), at);
        put(readings, Parameter.TEMPERATURE, vitals.temperatureCelsius(), at);
        store.remember(record.patientId(), readings);
        return scoreAt(record.patientId(), at);
    }

    /** A clinician's prescription of SpO2 scale 2 (target 88-92 %) for a patient in hypercapnic respiratory failure. */
    public void setHypercapnic(String patientId, boolean hypercapnic) {
        store.setHypercapnic(patientId, hypercapnic);
    }

    News2.Score scoreAt(String patientId, Instant at) {
        PatientVitalsStore.PatientVitals saved = store.load(patientId);
        Instant since = at.minus(window);
        Object oxygen = valueWithin(saved, Parameter.AIR_OR_OXYGEN, since, at);
        Object consciousness = valueWithin(saved, Parameter.CONSCIOUSNESS, since, at);
        return News2.score(new News2.Inputs(
                number(valueWithin(saved, Parameter.RESPIRATION_RATE, since, at)),
                number(valueWithin(saved, Parameter.SPO2, since, at)),
                (Boolean) oxygen,
                number(valueWithin(saved, Parameter.SYSTOLIC_BP, since, at)),
                number(valueWithin(saved, Parameter.PULSE, since, at)),
                consciousness == null ? null : Consciousness.valueOf((String) consciousness),
                number(valueWithin(saved, Parameter.TEMPERATURE, since, at)),
                saved.hypercapnicRespiratoryFailure()));
    }

    private static void put(Map<Parameter, PatientVitalsStore.Reading> readings, Parameter parameter, Object value, Instant at) {
        if (value != null) {
            readings.put(parameter, new PatientVitalsStore.Reading(value, at));
        }
    }

    private static Object valueWithin(PatientVitalsStore.PatientVitals saved, Parameter parameter, Instant since, Instant at) {
        PatientVitalsStore.Reading reading = saved.latest().get(parameter);
        if (reading == null) {
            return null;
        }
        return reading.at().isBefore(since) || reading.at().isAfter(at) ? null : reading.value();
    }

    private static Double number(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
