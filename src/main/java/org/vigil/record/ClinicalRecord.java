package org.vigil.record;

import java.time.Instant;

/**
 * Vigil's canonical record: one measurement event from any input (a CSV row, a FHIR
 * Observation), in one shape and one set of units, ready to be classified and routed.
 *
 * @param recordId          stable: FHIR resource id and version, or a hash of source and line, so a
 *                          re-sent message gets the same id and replaces itself downstream
 * @param source            where it came from, e.g. {@code file:heart.csv:2} or {@code http:req-1/entry/3}
 * @param patientId         the patient reference as sent (e.g. {@code Patient/123}); null for the anonymous study data
 * @param effectiveTime     when it was measured; null when the input does not say (study data)
 * @param device            the measuring device reference, if any
 * @param dataAbsentReason  why a FHIR Observation carries no value, if so
 * @param heart             the heart-disease study attributes (CSV input)
 * @param vitals            vital signs (FHIR input)
 */
public record ClinicalRecord(
        String recordId,
        String source,
        String patientId,
        Instant effectiveTime,
        String device,
        String dataAbsentReason,
        HeartStudy heart,
        VitalSigns vitals) {

    /**
     * The Kafka key of everything about this record: its patient, so a patient's records stay in
     * order on one partition and one consumer holds the patient's state; the record id for the
     * anonymous study rows.
     */
    public String partitionKey() {
        return patientId != null ? patientId : recordId;
    }
}
