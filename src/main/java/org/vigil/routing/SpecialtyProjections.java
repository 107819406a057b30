package org.vigil.routing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.vigil.clinical.News2;
import org.vigil.config.Specialties;
import org.vigil.event.ClassifiedRecord;
import org.vigil.event.SpecialtyRecord;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.HeartStudy;
import org.vigil.risk.RiskScore;

/**
 * What each specialty topic may carry (data minimisation): every message has the
 * {@link SpecialtyRecord#COMMON} fields the record has, plus only the fields its specialty names
 * ({@code vigil.specialties.*.fields}, from {@link SpecialtyRecord#OPTIONAL}). A pseudonymising
 * specialty (research) gets keyed pseudonyms instead of the patient and record ids, and each
 * specialty's times as its {@code dates} says ({@link Deidentification}). A specialty naming a
 * field that does not exist stops start-up.
 */
@Component("specialtyProjections")
public class SpecialtyProjections {

    private final Deidentification deidentification;
    private final Specialties specialties;

    public SpecialtyProjections(RoutingProperties properties, Specialties specialties) {
        this.deidentification = new Deidentification(properties.pseudonymKey(), properties.dateShiftMaxDays());
        deidentification.checkUsableFor(specialties);
        this.specialties = specialties;
        specialties.all().forEach(specialty -> specialty.fields().forEach(field -> {
            if (!SpecialtyRecord.OPTIONAL.contains(field) && !SpecialtyRecord.COMMON.contains(field)) {
                throw new IllegalStateException("vigil.specialties." + specialty.name() + ".fields names '" + field
                        + "', which no record has; choose from " + SpecialtyRecord.OPTIONAL);
            }
        }));
    }

    /**
     * @param findings the names of the clinical rules that fired
     * @param news2    null when the record has no vital signs
     * @param risk     null when not scored
     */
    public SpecialtyRecord project(String destination, ClinicalRecord record, List<String> findings,
                                   News2.Score news2, RiskScore risk, List<String> reasons) {
        Specialties.Specialty specialty = specialties.named(destination);
        List<String> fields = specialty.fields();
        HeartStudy heart = record.heart();
        boolean study = heart != null;
        List<String> crisis = findings.stream().filter(f -> f.equals("HYPERTENSIVE_CRISIS") || f.equals("HYPOTENSION")).toList();
        return new SpecialtyRecord(
                recordId(specialty, record.recordId()),
                specialty.pseudonymise() ? null : record.patientId(),
                specialty.pseudonymise() && record.patientId() != null ? deidentification.patient(record.patientId()) : null,
                time(specialty, record.patientId(), record.effectiveTime()),
                study ? heart.age() : null,
                study ? heart.sex() : null,
                List.copyOf(reasons),
                study && fields.contains("chestPain") ? heart.chestPain() : null,
                study && fields.contains("restingSystolicBp") ? heart.restingSystolicBp() : null,
                study && fields.contains("restingEcg") ? heart.restingEcg() : null,
                study && fields.contains("majorVessels") ? heart.majorVessels() : null,
                study && fields.contains("cholesterol") ? heart.cholesterol() : null,
                study && fields.contains("maxHeartRate") ? heart.maxHeartRate() : null,
                study && fields.contains("stSlope") ? heart.stSlope() : null,
                study && fields.contains("fastingBloodSugarOver120") ? heart.fastingBloodSugarOver120() : null,
                fields.contains("heart") ? heart : null,
                fields.contains("vitals") ? record.vitals() : null,
                fields.contains("news2") ? news2 : null,
                fields.contains("risk") ? risk : null,
                fields.contains("findings") ? List.copyOf(findings) : null,
                fields.contains("crisis") ? crisis : null,
                fields.contains("location") ? record.location() : null,
                null, null, null);
    }

    /**
     * The whole record with its classification, for the classified topic that the stores read.
     *
     * @param anomalies   the facts that are anomalies ({@link org.vigil.event.Trigger#anomaliesOf}), each with its reason
     * @param specialties the destinations the router chose
     */
    public ClassifiedRecord classified(ClinicalRecord record, List<String> findings, Map<String, String> anomalies,
                                       News2.Score news2, RiskScore risk, List<String> specialties) {
        return ClassifiedRecord.classified(record, findings, anomalies, news2, risk, specialties);
    }

    /**
     * A retraction for a specialty topic: the record id it retracts, the patient as that topic
     * names patients, and NEWS2 recomputed without the retracted reading when the topic carries NEWS2.
     * A pseudonymising topic does not learn who retracted it (the source names the sender's message).
     */
    public SpecialtyRecord retraction(String destination, ClinicalRecord retraction, News2.Score news2) {
        Specialties.Specialty specialty = specialties.named(destination);
        boolean pseudonymise = specialty.pseudonymise();
        return SpecialtyRecord.retraction(recordId(specialty, retraction.recordId()),
                pseudonymise ? null : retraction.patientId(),
                pseudonymise ? deidentification.patient(retraction.patientId()) : null,
                time(specialty, retraction.patientId(), retraction.effectiveTime()),
                pseudonymise ? null : retraction.source(),
                specialty.fields().contains("news2") ? news2 : null);
    }

    /** A retraction for the classified topic (the stores mark the record retracted). */
    public ClassifiedRecord retractionClassified(ClinicalRecord retraction, News2.Score news2) {
        return ClassifiedRecord.retraction(retraction, news2);
    }

    /** A pseudonymising specialty's record id is a pseudonym too (the store's document id, so a record and its retraction still meet). */
    private String recordId(Specialties.Specialty specialty, String recordId) {
        return specialty.pseudonymise() && recordId != null ? deidentification.record(recordId) : recordId;
    }

    private Instant time(Specialties.Specialty specialty, String patientId, Instant time) {
        return specialty.dates() == Specialties.Dates.KEEP ? time : deidentification.time(specialty.dates(), patientId, time);
    }

    /** The pseudonym a pseudonymising specialty carries for this patient. */
    String pseudonym(String patientId) {
        return deidentification.patient(patientId);
    }
}
