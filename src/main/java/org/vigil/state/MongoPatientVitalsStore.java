package org.vigil.state;

import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
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
import org.vigil.clinical.PatientVitalsStore;

/**
 * The NEWS2 window's readings in MongoDB ({@code vigil.clinical.news2.state-collection}), one
 * document per patient with the latest reading of each parameter. Updates are per parameter and
 * only move forward in time (a conditional update), so concurrent or late writers cannot replace
 * a newer reading with an older one.
 */
@Component
public class MongoPatientVitalsStore implements PatientVitalsStore {

    private final MongoCollection<Document> state;

    public MongoPatientVitalsStore(MongoClient mongo,
                                   @Value("${vigil.mongodb.database}") String database,
                                   @Value("${vigil.clinical.news2.state-collection}") String collection) {
        this.state = mongo.getDatabase(database).getCollection(collection);
    }

    @Override
    public void remember(String patientId, Map<Parameter, Reading> readings) {
        readings.forEach((parameter, reading) -> {
            String field = "latest." + parameter.name();
            Document stored = new Document(Map.of("value", reading.value(), "at", Date.from(reading.at())));
            // Only a reading newer than the stored one replaces it.
            Bson olderOrAbsent = Filters.or(Filters.exists(field, false), Filters.lt(field + ".at", Date.from(reading.at())));
            state.updateOne(Filters.and(Filters.eq("_id", patientId), olderOrAbsent), Updates.set(field, stored));
            state.updateOne(Filters.eq("_id", patientId), Updates.setOnInsert(field, stored), new UpdateOptions().upsert(true));
        });
    }

    @Override
    public PatientVitals load(String patientId) {
        Document saved = state.find(Filters.eq("_id", patientId)).first();
        if (saved == null) {
            return PatientVitals.NONE;
        }
        Map<Parameter, Reading> latest = new EnumMap<>(Parameter.class);
        Document readings = saved.get("latest", Document.class);
        if (readings != null) {
            for (Parameter parameter : Parameter.values()) {
                Document reading = readings.get(parameter.name(), Document.class);
                if (reading != null) {
                    Instant at = reading.getDate("at").toInstant();
                    latest.put(parameter, new Reading(reading.get("value"), at));
                }
            }
        }
        return new PatientVitals(latest, Boolean.TRUE.equals(saved.getBoolean("hypercapnicRespiratoryFailure")));
    }

    @Override
    public void setHypercapnic(String patientId, boolean hypercapnic) {
        state.updateOne(Filters.eq("_id", patientId), Updates.set("hypercapnicRespiratoryFailure", hypercapnic),
                new UpdateOptions().upsert(true));
    }
}
