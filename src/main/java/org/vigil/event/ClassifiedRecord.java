package org.vigil.event;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.vigil.clinical.News2;
import org.vigil.record.ClinicalRecord;
import org.vigil.risk.RiskScore;

/**
 * The event on the classified topic: one record as Vigil read it, with what classification made of
 * it. Classification writes it once; the alert lifecycle, the FHIR write-back and both stores read
 * it (the stores keep it as the record's document). Its JSON is the record's own fields at the top,
 * as on the records topic, then the classification; absent values are left out. The JSON Schema is
 * {@code contract/classified-record.schema.json}, generated from this type
 * ({@code ContractSchemasTest}); docs/contract.md describes every field.
 *
 * <p>A <b>retraction</b> (the record with {@code recordId} was entered in error) carries the
 * retracting record (status {@code entered-in-error}, no values), {@code retracted: true}, who
 * retracted it, and NEWS2 recomputed without the retracted reading; no classification.
 *
 * @param record         the record as read, unwrapped into the top level
 * @param findings       the clinical rules that fired ({@code Finding.Rule} names)
 * @param anomalies      the facts that make the record an anomaly ({@link Trigger#ANOMALIES}); empty when none
 * @param anomalyReasons each anomaly with its reason, in words a clinician reads
 * @param news2          the patient's NEWS2 at this record; absent for records without vital signs
 * @param risk           the PMML model's risk of heart disease; absent when the record was not scored
 *                       (a core feature missing: never a made-up 0)
 * @param specialties    the specialties the router sent the record to
 * @param retracted      true on a retraction, absent otherwise
 * @param retractedBy    on a retraction, the source of the message that retracted the record
 */
@JsonClassDescription("Vigil's classified topic: one record as read (its fields at the top) with what classification made of it; "
        + "a retraction carries retracted: true. Absent values are left out; a consumer ignores fields it does not know.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClassifiedRecord(
        @JsonUnwrapped ClinicalRecord record,
        @JsonPropertyDescription("the clinical rules that fired")
        List<String> findings,
        @JsonPropertyDescription("the facts that make the record an anomaly, a finding worth a clinician's look now")
        List<String> anomalies,
        @JsonPropertyDescription("each anomaly with its reason, in words a clinician reads")
        Map<String, String> anomalyReasons,
        @JsonPropertyDescription("the patient's NEWS2 at this record; absent for records without vital signs")
        News2.Score news2,
        @JsonPropertyDescription("the risk model's probability of heart disease; absent when not scored, never a made-up 0")
        RiskScore risk,
        @JsonPropertyDescription("the specialties the router sent the record to")
        List<String> specialties,
        @JsonPropertyDescription("true on a retraction: the record with this recordId was entered in error")
        Boolean retracted,
        @JsonPropertyDescription("on a retraction, the source of the message that retracted the record")
        String retractedBy) {

    public ClassifiedRecord {
        anomalyReasons = anomalyReasons == null || anomalyReasons.isEmpty() ? null : Map.copyOf(anomalyReasons);
    }

    /** A record and its classification. */
    public static ClassifiedRecord classified(ClinicalRecord record, List<String> findings, Map<String, String> anomalies,
                                              News2.Score news2, RiskScore risk, List<String> specialties) {
        return new ClassifiedRecord(record, List.copyOf(findings), List.copyOf(anomalies.keySet()), anomalies, news2, risk,
                List.copyOf(specialties), null, null);
    }

    /** A retraction, with NEWS2 recomputed without the retracted reading (null when the patient has none). */
    public static ClassifiedRecord retraction(ClinicalRecord retraction, News2.Score news2) {
        return new ClassifiedRecord(retraction, null, null, null, news2, null, null, Boolean.TRUE, retraction.source());
    }

    public boolean retracts() {
        return Boolean.TRUE.equals(retracted);
    }

    /** The anomalies with their reasons, in the order classification found them; empty when none. */
    public Map<String, String> anomaliesWithReasons() {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        if (anomalies != null) {
            anomalies.forEach(anomaly -> all.put(anomaly, anomalyReasons == null ? anomaly : anomalyReasons.getOrDefault(anomaly, anomaly)));
        }
        return all;
    }

    public String patientId() {
        return record == null ? null : record.patientId();
    }
}
