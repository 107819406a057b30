package org.vigil.clinical;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.clinical.News2.Parameter;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.Consciousness;
import org.vigil.record.VitalSigns;

/**
 * The latest value of each NEWS2 parameter per patient, kept in MongoDB so it survives a restart
 * and is shared by every Vigil instance. Vital signs arrive one Observation at a time; NEWS2 is
 * scored from the most recent value of each parameter within the window (default 1 h) before the
 * record's time.
 *
 * <p>Updates are per parameter and only move forward in time, so a late, older reading never
 * replaces a newer one. Records are keyed by patient on Kafka, so one consumer handles a given
 * patient at a time.
 */
@Component("patientVitalsWindow")
public class PatientVitalsWindow {

    private final MongoCollection<Document> state;
    private final Duration window;

    public PatientVitalsWindow(MongoClient mongo,
                               @Value("${vigil.mongodb.database}") String database,
                               @Value("${vigil.clinical.news2.state-collection}") String collection,
                               @Value("${vigil.clinical.news2.window}") Duration window) {
        this.state = mongo.getDatabase(database).getCollection(collection);
        this.window = window;
    }

    /** Adds the record's vital signs to its patient's window and scores NEWS2 at the record's time. */
    public News2.Score scoreWith(ClinicalRecord record) {
        VitalSigns vitals = record.vitals();
        if (record.patientId() == null || vitals == null || record.effectiveTime() == null) {
            throw new IllegalArgumentException("NEWS2 needs a patient, vital signs and a time");
        }
        Instant at = record.effectiveTime();
        remember(record.patientId(), Parameter.RESPIRATION_RATE, vitals.respiratoryRatePerMin(), at);
        remember(record.patientId(), Parameter.SPO2, vitals.spo2Percent(), at);
        remember(record.patientId(), Parameter.AIR_OR_OXYGEN, vitals.supplementalOxygen(), at);
        remember(record.patientId(), Parameter.SYSTOLIC_BP, vitals.systolicMmHg(), at);
        remember(record.patientId(), Parameter.PULSE, vitals.heartRatePerMin(), at);
        remember(record.patientId(), Parameter.CONSCIOUSNESS, vitals.consciousness() == null ? null : vitals.consciousness().name(), at);
        remember(record.patientId(), Parameter.TEMPERATURE, vitals.temperatureCelsius(), at);
        return scoreAt(record.patientId(), at);
    }

    /** A clinician's prescription of SpO2 scale 2 (target 88-92 %) for a patient in hypercapnic respiratory failure. */
    public void setHypercapnic(String patientId, boolean hypercapnic) {
        state.updateOne(Filters.eq("_id", patientId), Updates.set("hypercapnicRespiratoryFailure", hypercapnic),
                new UpdateOptions().upsert(true));
    }

    News2.Score scoreAt(String patientId, Instant at) {
        Document saved = state.find(Filters.eq("_id", patientId)).first();
        Document latest = saved == null ? new Document() : saved;
        Instant since = at.minus(window);
        Object oxygen = valueWithin(latest, Parameter.AIR_OR_OXYGEN, since, at);
        Object consciousness = valueWithin(latest, Parameter.CONSCIOUSNESS, since, at);
        return News2.score(new News2.Inputs(
                number(valueWithin(latest, Parameter.RESPIRATION_RATE, since, at)),
                number(valueWithin(latest, Parameter.SPO2, since, at)),
                (Boolean) oxygen,
                number(valueWithin(latest, Parameter.SYSTOLIC_BP, since, at)),
                number(valueWithin(latest, Parameter.PULSE, since, at)),
                consciousness == null ? null : Consciousness.valueOf((String) consciousness),
                number(valueWithin(latest, Parameter.TEMPERATURE, since, at)),
                Boolean.TRUE.equals(latest.getBoolean("hypercapnicRespiratoryFailure"))));
    }

    private void remember(String patientId, Parameter parameter, Object value, Instant at) {
        if (value == null) {
            return;
        }
        String field = "latest." + parameter.name();
        // Only a reading newer than the stored one replaces it.
        Bson olderOrAbsent = Filters.or(Filters.exists(field, false), Filters.lt(field + ".at", Date.from(at)));
        state.updateOne(Filters.and(Filters.eq("_id", patientId), olderOrAbsent),
                Updates.set(field, new Document(Map.of("value", value, "at", Date.from(at)))));
        state.updateOne(Filters.eq("_id", patientId), Updates.setOnInsert(field, new Document(Map.of("value", value, "at", Date.from(at)))),
                new UpdateOptions().upsert(true));
    }

    private static Object valueWithin(Document saved, Parameter parameter, Instant since, Instant at) {
        Document latest = saved.get("latest", Document.class);
        Document reading = latest == null ? null : latest.get(parameter.name(), Document.class);
        if (reading == null) {
            return null;
        }
        Instant taken = reading.getDate("at").toInstant();
        return taken.isBefore(since) || taken.isAfter(at) ? null : reading.get("value");
    }

    private static Double number(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
