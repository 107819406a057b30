package org.vigil.event;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.vigil.clinical.News2;
import org.vigil.record.ChestPain;
import org.vigil.record.HeartStudy;
import org.vigil.record.PatientLocation;
import org.vigil.record.RestingEcg;
import org.vigil.record.Sex;
import org.vigil.record.StSlope;
import org.vigil.record.VitalSigns;
import org.vigil.risk.RiskScore;

/**
 * The event on a specialty topic: what one specialty may know of one record (data minimisation).
 * Every message carries the {@link #COMMON} fields that the record has; the others only when the
 * specialty names them in {@code vigil.specialties.<name>.fields} ({@link #OPTIONAL}). A
 * pseudonymising specialty gets {@code pseudonym} instead of {@code patientId}, and a pseudonym as
 * {@code recordId}. Absent values are left out. JSON Schema:
 * {@code contract/specialty-record.schema.json} ({@code ContractSchemasTest}); docs/contract.md.
 *
 * <p>A <b>retraction</b> carries {@code retracted: true}, the record id, the patient as the topic
 * names patients, {@code status: entered-in-error}, who retracted it, and NEWS2 recomputed without
 * the retracted reading when the topic carries NEWS2.
 */
@JsonClassDescription("A Vigil specialty topic: what one specialty may know of one record. The common fields always (when the "
        + "record has them), the others only when the specialty names them; a retraction carries retracted: true. Absent values are "
        + "left out; a consumer ignores fields it does not know.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SpecialtyRecord(
        @JsonPropertyDescription("the record's id; a keyed pseudonym of it for a pseudonymising specialty")
        String recordId,
        @JsonPropertyDescription("the patient as sent; absent for a pseudonymising specialty and the anonymous study rows")
        String patientId,
        @JsonPropertyDescription("a pseudonymising specialty's keyed pseudonym of the patient, stable across runs")
        String pseudonym,
        @JsonPropertyDescription("when it was measured, de-identified as the specialty's dates setting says")
        Instant effectiveTime,
        @JsonPropertyDescription("the heart-study age, when the record is a study row")
        Integer age,
        @JsonPropertyDescription("the heart-study sex, when the record is a study row")
        Sex sex,
        @JsonPropertyDescription("why the record was sent to this specialty, in words a clinician reads")
        List<String> reasons,
        ChestPain chestPain,
        Integer restingSystolicBp,
        RestingEcg restingEcg,
        Integer majorVessels,
        Integer cholesterol,
        Integer maxHeartRate,
        StSlope stSlope,
        Boolean fastingBloodSugarOver120,
        @JsonPropertyDescription("every heart-study attribute")
        HeartStudy heart,
        @JsonPropertyDescription("the vital signs, in Vigil's units")
        VitalSigns vitals,
        @JsonPropertyDescription("the patient's NEWS2 at this record")
        News2.Score news2,
        @JsonPropertyDescription("the risk model's probability of heart disease; absent when not scored, never a made-up 0")
        RiskScore risk,
        @JsonPropertyDescription("the clinical rules that fired")
        List<String> findings,
        @JsonPropertyDescription("the findings that are a blood-pressure crisis: HYPERTENSIVE_CRISIS, HYPOTENSION")
        List<String> crisis,
        @JsonPropertyDescription("where the patient is, from the ADT feed")
        PatientLocation location,
        @JsonPropertyDescription("true on a retraction: the record with this recordId was entered in error")
        Boolean retracted,
        @JsonPropertyDescription("on a retraction: entered-in-error")
        String status,
        @JsonPropertyDescription("on a retraction, the source of the message that retracted the record")
        String retractedBy) {

    /** What every message carries, when the record has it. */
    public static final Set<String> COMMON = Set.of("recordId", "patientId", "pseudonym", "effectiveTime", "age", "sex", "reasons");
    /** What only a retraction carries. */
    public static final Set<String> RETRACTION = Set.of("retracted", "status", "retractedBy");
    /** What a specialty may ask for beyond the common fields: every other field of this type. */
    public static final Set<String> OPTIONAL = Arrays.stream(SpecialtyRecord.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName)
            .filter(name -> !COMMON.contains(name) && !RETRACTION.contains(name))
            .collect(Collectors.toCollection(TreeSet::new));

    /** A retraction as a specialty topic carries it. */
    public static SpecialtyRecord retraction(String recordId, String patientId, String pseudonym, Instant effectiveTime,
                                             String retractedBy, News2.Score news2) {
        return new SpecialtyRecord(recordId, patientId, pseudonym, effectiveTime, null, null, null, null, null, null, null,
                null, null, null, null, null, null, news2, null, null, null, null, Boolean.TRUE,
                org.vigil.record.ClinicalRecord.ENTERED_IN_ERROR, retractedBy);
    }

    public boolean retracts() {
        return Boolean.TRUE.equals(retracted);
    }
}
