package org.vigil.record;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Vigil's canonical record: one measurement event from any input (a CSV row, a FHIR
 * Observation), in one shape and one set of units, ready to be classified and routed.
 *
 * <p>Each field says what it is below ({@code @JsonPropertyDescription}); the same words are in the
 * published JSON Schema of the classified record, which carries these fields at its top.
 */
public record ClinicalRecord(
        @JsonPropertyDescription("stable: the FHIR resource's logical id (its versions, amended or corrected, replace each other), "
                + "or a hash of source and line, so a re-sent message gets the same id and replaces itself downstream")
        String recordId,
        @JsonPropertyDescription("where it came from, e.g. file:heart.csv:2 or http:req-1/entry/3")
        String source,
        @JsonPropertyDescription("the patient reference as sent (e.g. Patient/123); absent for the anonymous study data")
        String patientId,
        @JsonPropertyDescription("when it was measured; absent when the input does not say (study data)")
        Instant effectiveTime,
        @JsonPropertyDescription("the measuring device reference, if any")
        String device,
        @JsonPropertyDescription("why a FHIR Observation carries no value, if so")
        String dataAbsentReason,
        @JsonPropertyDescription("the heart-disease study attributes (CSV input)")
        HeartStudy heart,
        @JsonPropertyDescription("vital signs in Vigil's units (FHIR and HL7 v2 input)")
        VitalSigns vitals,
        @JsonPropertyDescription("body weight, height, BMI")
        BodyMeasurements body,
        @JsonPropertyDescription("the result's status: final, amended, corrected, preliminary, or entered-in-error: then the record "
                + "carries no values and retracts the earlier record with its id")
        String status,
        @JsonPropertyDescription("every translation applied to read the input (ConceptMap, code or unit as sent), so nothing is "
                + "silently reinterpreted")
        List<String> translatedFrom,
        @JsonPropertyDescription("what in the input could not be read but is not used (lenient parsing)")
        List<String> warnings,
        @JsonPropertyDescription("values the sender's coding uses for absent: a column and its text, e.g. chol: \"0\"")
        Map<String, String> absentAsSent,
        @JsonPropertyDescription("input columns outside Vigil's schema, kept as sent")
        Map<String, String> extra,
        @JsonPropertyDescription("where the patient is: set by an ADT message (a record that only carries it moves the patient), "
                + "and on other records from the patient's state")
        PatientLocation location,
        @JsonPropertyDescription("a clinician's prescription of SpO2 scale 2 for the patient (hypercapnic respiratory failure, target "
                + "88-92 %): true, or false when withdrawn. A record that only carries it changes the patient's state, from its "
                + "position in the patient's records on")
        Boolean spo2Scale2,
        @JsonPropertyDescription("a device's own alarm (IHE PCD-04): a record that only carries it raises, changes or ends the "
                + "patient's device alarm")
        DeviceAlarm alarm) {

    /** The status of a result that was wrong: it retracts the earlier record with the same id. */
    public static final String ENTERED_IN_ERROR = "entered-in-error";

    public ClinicalRecord {
        translatedFrom = translatedFrom == null || translatedFrom.isEmpty() ? null : List.copyOf(translatedFrom);
        warnings = warnings == null || warnings.isEmpty() ? null : List.copyOf(warnings);
        absentAsSent = absentAsSent == null || absentAsSent.isEmpty() ? null : Map.copyOf(absentAsSent);
        extra = extra == null || extra.isEmpty() ? null : Map.copyOf(extra);
    }

    /** A final result with nothing translated, absent or extra. */
    public ClinicalRecord(String recordId, String source, String patientId, Instant effectiveTime, String device,
                          String dataAbsentReason, HeartStudy heart, VitalSigns vitals) {
        this(recordId, source, patientId, effectiveTime, device, dataAbsentReason, heart, vitals, null, "final",
                null, null, null, null, null, null, null);
    }

    /** A retraction: the record with this id was entered in error. */
    public static ClinicalRecord retraction(String recordId, String source, String patientId, Instant effectiveTime) {
        return new ClinicalRecord(recordId, source, patientId, effectiveTime, null, null, null, null, null,
                ENTERED_IN_ERROR, null, null, null, null, null, null, null);
    }

    /** An ADT event: the patient is now here (or discharged). */
    public static ClinicalRecord moved(String recordId, String source, String patientId, PatientLocation location) {
        return new ClinicalRecord(recordId, source, patientId, location.since(), null, null, null, null, null, "final",
                null, null, null, null, location, null, null);
    }

    /**
     * A clinician prescribes SpO2 scale 2 for the patient (or withdraws it): it rides the records
     * topic keyed by the patient, so the instance that owns the patient's state applies it in order
     * with the patient's readings.
     */
    public static ClinicalRecord prescription(String recordId, String source, String patientId, Instant at, boolean spo2Scale2) {
        return new ClinicalRecord(recordId, source, patientId, at, null, null, null, null, null, "final",
                null, null, null, null, null, spo2Scale2, null);
    }

    /** A device's alarm (IHE PCD-04): no measurement; it raises, changes or ends the patient's device alarm. */
    public static ClinicalRecord alarm(String recordId, String source, String patientId, Instant at, String device, DeviceAlarm alarm) {
        return new ClinicalRecord(recordId, source, patientId, at, device, null, null, null, null, "final",
                null, null, null, null, null, null, alarm);
    }

    /** Only moves the patient: no measurement. */
    public boolean movesPatient() {
        return location != null && heart == null && vitals == null && body == null && !retracts();
    }

    /** Only prescribes (or withdraws) SpO2 scale 2: no measurement. */
    public boolean prescribes() {
        return spo2Scale2 != null && heart == null && vitals == null && body == null && !retracts();
    }

    /** Only a device's alarm: no measurement. */
    public boolean alarms() {
        return alarm != null && heart == null && vitals == null && body == null && !retracts();
    }

    /** The same record under another id and source (an HL7 OBX read through its FHIR form). */
    public ClinicalRecord identified(String newRecordId, String newSource) {
        return new ClinicalRecord(newRecordId, newSource, patientId, effectiveTime, device, dataAbsentReason, heart, vitals, body,
                status, translatedFrom, warnings, absentAsSent, extra, location, spo2Scale2, alarm);
    }

    /** The same record, with the patient's location as the patient's state knows it. */
    public ClinicalRecord at(PatientLocation where) {
        return new ClinicalRecord(recordId, source, patientId, effectiveTime, device, dataAbsentReason, heart, vitals, body,
                status, translatedFrom, warnings, absentAsSent, extra, where, spo2Scale2, alarm);
    }

    public boolean retracts() {
        return ENTERED_IN_ERROR.equals(status);
    }

    /**
     * The Kafka key of everything about this record: its patient, so a patient's records stay in
     * order on one partition and one consumer holds the patient's state; the record id for the
     * anonymous study rows.
     */
    public String partitionKey() {
        return patientId != null ? patientId : recordId;
    }
}
