package org.vigil.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;


import org.springframework.stereotype.Component;
import org.vigil.config.Specialties;
import org.vigil.clinical.News2;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.HeartStudy;
import org.vigil.record.VitalSigns;
import org.vigil.risk.RiskScore;

/**
 * What each specialty topic may carry (data minimisation): every message has the record id, time,
 * age, sex and the reasons it was sent there, plus only the fields its specialty names
 * ({@code vigil.specialties.*.fields}). A pseudonymising specialty (research) gets keyed
 * pseudonyms instead of the patient and record ids, and each specialty's times as its {@code dates}
 * says ({@link Deidentification}). A specialty naming a field that does not exist stops start-up.
 */
@Component("specialtyProjections")
public class SpecialtyProjections {

    /** What every message carries. */
    public static final Set<String> COMMON = Set.of("recordId", "patientId", "effectiveTime", "age", "sex", "reasons");
    /** What a specialty may ask for beyond the common fields. */
    public static final Set<String> OPTIONAL = Set.of("chestPain", "restingSystolicBp", "restingEcg", "majorVessels",
            "cholesterol", "maxHeartRate", "stSlope", "fastingBloodSugarOver120", "heart", "vitals", "news2", "risk",
            "findings", "crisis", "location");
    /**
     * The field that makes a message a retraction: the record with its {@code recordId} was entered
     * in error (FHIR {@code entered-in-error}). Stores mark that record retracted.
     */
    public static final String RETRACTED = "retracted";
    /** On the classified topic: each anomaly of the record with its reason, in words a clinician reads. */
    public static final String ANOMALY_REASONS = "anomalyReasons";
    /** The field a pseudonymising specialty carries instead of patientId. */
    public static final String PSEUDONYM = "pseudonym";

    private final Deidentification deidentification;
    private final Specialties specialties;

    public SpecialtyProjections(RoutingProperties properties, Specialties specialties) {
        this.deidentification = new Deidentification(properties.pseudonymKey(), properties.dateShiftMaxDays());
        deidentification.checkUsableFor(specialties);
        this.specialties = specialties;
        specialties.all().forEach(specialty -> specialty.fields().forEach(field -> {
            if (!OPTIONAL.contains(field) && !COMMON.contains(field)) {
                throw new IllegalStateException("vigil.specialties." + specialty.name() + ".fields names '" + field
                        + "', which no record has; choose from " + new java.util.TreeSet<>(OPTIONAL));
            }
        }));
    }

    /**
     * @param findings the names of the clinical rules that fired
     * @param news2    null when the record has no vital signs
     * @param risk     null when not scored
     */
    public Map<String, Object> project(String destination, ClinicalRecord record, List<String> findings,
                                       News2.Score news2, RiskScore risk, List<String> reasons) {
        Specialties.Specialty specialty = specialties.named(destination);
        List<String> allowed = specialty.fields();
        HeartStudy heart = record.heart();
        VitalSigns vitals = record.vitals();
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("recordId", record.recordId());
        all.put("effectiveTime", record.effectiveTime());
        if (heart != null) {
            all.put("age", heart.age());
            all.put("sex", heart.sex());
            all.put("chestPain", heart.chestPain());
            all.put("restingSystolicBp", heart.restingSystolicBp());
            all.put("restingEcg", heart.restingEcg());
            all.put("majorVessels", heart.majorVessels());
            all.put("cholesterol", heart.cholesterol());
            all.put("maxHeartRate", heart.maxHeartRate());
            all.put("stSlope", heart.stSlope());
            all.put("fastingBloodSugarOver120", heart.fastingBloodSugarOver120());
            all.put("heart", heart);
        }
        all.put("vitals", vitals);
        all.put("location", record.location());
        all.put("news2", news2);
        all.put("risk", risk == null ? "not scored" : risk);
        all.put("findings", findings);
        all.put("crisis", findings.stream().filter(f -> f.equals("HYPERTENSIVE_CRISIS") || f.equals("HYPOTENSION")).toList());
        all.put("reasons", reasons);

        Map<String, Object> projected = new LinkedHashMap<>();
        all.forEach((field, value) -> {
            if (value != null && (COMMON.contains(field) || allowed.contains(field))) {
                projected.put(field, value);
            }
        });
        if (record.patientId() != null) {
            if (specialty.pseudonymise()) {
                projected.put(PSEUDONYM, deidentification.patient(record.patientId()));
            } else {
                projected.put("patientId", record.patientId());
            }
        }
        deidentify(specialty, projected, record.patientId());
        return projected;
    }

    /**
     * The whole record with its classification, for the classified topic that the stores read:
     * the record's own fields at the top (as on the records topic), then what classification found.
     *
     * @param anomalies   the facts that are anomalies ({@link Trigger#anomaliesOf}), each with its reason
     * @param specialties the destinations the router chose
     */
    public Map<String, Object> classified(ClinicalRecord record, List<String> findings, Map<String, String> anomalies,
                                          News2.Score news2, RiskScore risk, List<String> specialties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("recordId", record.recordId());
        all.put("source", record.source());
        all.put("patientId", record.patientId());
        all.put("effectiveTime", record.effectiveTime());
        all.put("device", record.device());
        all.put("dataAbsentReason", record.dataAbsentReason());
        all.put("heart", record.heart());
        all.put("vitals", record.vitals());
        all.put("body", record.body());
        all.put("status", record.status());
        all.put("translatedFrom", record.translatedFrom());
        all.put("warnings", record.warnings());
        all.put("absentAsSent", record.absentAsSent());
        all.put("extra", record.extra());
        all.put("location", record.location());
        all.put("findings", findings);
        all.put("anomalies", List.copyOf(anomalies.keySet()));
        all.put(ANOMALY_REASONS, anomalies.isEmpty() ? null : anomalies);
        all.put("news2", news2);
        all.put("risk", risk == null ? "not scored" : risk);
        all.put("specialties", specialties);
        all.values().removeIf(java.util.Objects::isNull);
        return all;
    }

    /**
     * A retraction for a specialty topic: the record id it retracts, the patient as that topic
     * names patients, and NEWS2 recomputed without the retracted reading when the topic carries NEWS2.
     */
    public Map<String, Object> retraction(String destination, ClinicalRecord retraction, News2.Score news2) {
        Specialties.Specialty specialty = specialties.named(destination);
        Map<String, Object> message = retractionFields(retraction);
        if (news2 != null && specialty.fields().contains("news2")) {
            message.put("news2", news2);
        }
        if (specialty.pseudonymise()) {
            message.remove("patientId");
            message.remove("retractedBy");
            message.put(PSEUDONYM, deidentification.patient(retraction.patientId()));
        }
        deidentify(specialty, message, retraction.patientId());
        return message;
    }

    /** A retraction for the classified topic (the stores mark the record retracted). */
    public Map<String, Object> retractionClassified(ClinicalRecord retraction, News2.Score news2) {
        Map<String, Object> message = retractionFields(retraction);
        message.put("source", retraction.source());
        if (news2 != null) {
            message.put("news2", news2);
        }
        return message;
    }

    private static Map<String, Object> retractionFields(ClinicalRecord retraction) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put(RETRACTED, true);
        message.put("recordId", retraction.recordId());
        message.put("patientId", retraction.patientId());
        message.put("status", retraction.status());
        if (retraction.effectiveTime() != null) {
            message.put("effectiveTime", retraction.effectiveTime());
        }
        message.put("retractedBy", retraction.source());
        return message;
    }

    /**
     * A pseudonymising specialty's record id is a pseudonym too (the store's document id, so a
     * record and its retraction still meet), and its times are de-identified as configured.
     */
    private void deidentify(Specialties.Specialty specialty, Map<String, Object> message, String patientId) {
        if (specialty.pseudonymise() && message.get("recordId") instanceof String recordId) {
            message.put("recordId", deidentification.record(recordId));
        }
        if (specialty.dates() != Specialties.Dates.KEEP && message.get("effectiveTime") instanceof java.time.Instant time) {
            message.put("effectiveTime", deidentification.time(specialty.dates(), patientId, time));
        }
    }

    /** The pseudonym a pseudonymising specialty carries for this patient. */
    String pseudonym(String patientId) {
        return deidentification.patient(patientId);
    }
}
