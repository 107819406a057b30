package org.vigil.record;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Vigil's canonical record: one measurement event from any input (a CSV row, a FHIR
 * Observation), in one shape and one set of units, ready to be classified and routed.
 *
 * @param recordId          stable: the FHIR resource's logical id (its versions, amended or corrected,
 *                          replace each other), or a hash of source and line, so a re-sent message gets
 *                          the same id and replaces itself downstream
 * @param source            where it came from, e.g. {@code file:heart.csv:2} or {@code http:req-1/entry/3}
 * @param patientId         the patient reference as sent (e.g. {@code Patient/123}); null for the anonymous study data
 * @param effectiveTime     when it was measured; null when the input does not say (study data)
 * @param device            the measuring device reference, if any
 * @param dataAbsentReason  why a FHIR Observation carries no value, if so
 * @param heart             the heart-disease study attributes (CSV input)
 * @param vitals            vital signs (FHIR input)
 * @param body              body weight, height, BMI (FHIR input)
 * @param status            the result's status: {@code final}, {@code amended}, {@code corrected},
 *                          {@code preliminary}, or {@link #ENTERED_IN_ERROR}: then this record carries no
 *                          values and retracts the earlier record with its id
 * @param translatedFrom    every translation applied to read the input (ConceptMap, code or unit as sent),
 *                          so nothing is silently reinterpreted; null when none was
 * @param warnings          what in the input could not be read but is not used (lenient parsing); null when nothing
 * @param absentAsSent      values the sender's coding uses for "absent" (a column and its text, e.g.
 *                          {@code chol: "0"}: absent, sent as 0); null when none
 * @param extra             input columns outside Vigil's schema, kept as sent; null when none
 * @param location          where the patient is: set by an ADT message (a record that only carries
 *                          it moves the patient), and on other records from the patient's state
 */
public record ClinicalRecord(
        String recordId,
        String source,
        String patientId,
        Instant effectiveTime,
        String device,
        String dataAbsentReason,
        HeartStudy heart,
        VitalSigns vitals,
        BodyMeasurements body,
        String status,
        List<String> translatedFrom,
        List<String> warnings,
        Map<String, String> absentAsSent,
        Map<String, String> extra,
        PatientLocation location) {

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
                null, null, null, null, null);
    }

    /** A retraction: the record with this id was entered in error. */
    public static ClinicalRecord retraction(String recordId, String source, String patientId, Instant effectiveTime) {
        return new ClinicalRecord(recordId, source, patientId, effectiveTime, null, null, null, null, null,
                ENTERED_IN_ERROR, null, null, null, null, null);
    }

    /** An ADT event: the patient is now here (or discharged). */
    public static ClinicalRecord moved(String recordId, String source, String patientId, PatientLocation location) {
        return new ClinicalRecord(recordId, source, patientId, location.since(), null, null, null, null, null, "final",
                null, null, null, null, location);
    }

    /** Only moves the patient: no measurement. */
    public boolean movesPatient() {
        return location != null && heart == null && vitals == null && body == null && !retracts();
    }

    /** The same record under another id and source (an HL7 OBX read through its FHIR form). */
    public ClinicalRecord identified(String newRecordId, String newSource) {
        return new ClinicalRecord(newRecordId, newSource, patientId, effectiveTime, device, dataAbsentReason, heart, vitals, body,
                status, translatedFrom, warnings, absentAsSent, extra, location);
    }

    /** The same record, with the patient's location as the patient's state knows it. */
    public ClinicalRecord at(PatientLocation where) {
        return new ClinicalRecord(recordId, source, patientId, effectiveTime, device, dataAbsentReason, heart, vitals, body,
                status, translatedFrom, warnings, absentAsSent, extra, where);
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
