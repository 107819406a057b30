package org.vigil.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.springframework.stereotype.Component;
import org.vigil.config.VigilProperties;

/**
 * A patient's recent vital signs from the records collection (one point per record, as measured,
 * with NEWS2 as scored at it), and the patients with recent vital signs: what the dashboard's
 * patient view draws. Retracted records are left out.
 */
@Component
public class PatientQueries {

    private static final int MAX_POINTS = 5000;

    private final MongoCollection<Document> records;

    public PatientQueries(MongoClient mongo, VigilProperties vigil) {
        this.records = mongo.getDatabase(vigil.mongodb().database()).getCollection(vigil.mongodb().records());
    }

    /** The patient's vital-sign records since then, oldest first. */
    public List<Map<String, Object>> vitals(String patientId, Instant since) {
        List<Map<String, Object>> points = new ArrayList<>();
        records.find(Filters.and(Filters.eq("patientId", patientId), Filters.gte("effectiveTime", since.toString()),
                        Filters.exists("vitals"), Filters.ne("retracted", true)))
                .projection(Projections.include("effectiveTime", "vitals", "news2", "location"))
                .sort(Sorts.ascending("effectiveTime")).limit(MAX_POINTS)
                .forEach(record -> {
                    Map<String, Object> point = new LinkedHashMap<>();
                    point.put("time", record.get("effectiveTime"));
                    Document vitals = record.get("vitals", Document.class);
                    for (String vital : org.vigil.record.VitalSigns.MEASURED) {
                        if (vitals.get(vital) != null) {
                            point.put(vital, vitals.get(vital));
                        }
                    }
                    Document news2 = record.get("news2", Document.class);
                    if (news2 != null) {
                        point.put("news2", news2.get("total"));
                        point.put("news2Band", news2.get("band"));
                    }
                    points.add(point);
                });
        return points;
    }

    /** Where the patient is, as the latest record since then says; null when none says. */
    public Map<String, Object> location(String patientId, Instant since) {
        Document latest = records.find(Filters.and(Filters.eq("patientId", patientId), Filters.gte("effectiveTime", since.toString()),
                        Filters.exists("location"))).projection(Projections.include("location"))
                .sort(Sorts.descending("effectiveTime")).first();
        return latest == null ? null : latest.get("location", Document.class);
    }

    /**
     * The patients with vital signs since then (of a ward, when given), each with where they are,
     * when last seen and their latest NEWS2; most recently seen first.
     */
    public List<Map<String, Object>> patients(Instant since, String ward) {
        Map<String, Map<String, Object>> byPatient = new LinkedHashMap<>();
        records.find(Filters.and(Filters.gte("effectiveTime", since.toString()), Filters.exists("vitals"), Filters.exists("patientId")))
                .projection(Projections.include("patientId", "effectiveTime", "news2", "location"))
                .sort(Sorts.descending("effectiveTime")).limit(20 * MAX_POINTS)
                .forEach(record -> byPatient.computeIfAbsent(record.getString("patientId"), id -> {
                    Map<String, Object> patient = new LinkedHashMap<>();
                    patient.put("patientId", id);
                    patient.put("location", record.get("location"));
                    patient.put("lastSeen", record.get("effectiveTime"));
                    patient.put("news2", record.get("news2") == null ? null
                            : Map.of("total", record.get("news2", Document.class).get("total"), "band", record.get("news2", Document.class).get("band")));
                    return patient;
                }));
        List<Map<String, Object>> patients = new ArrayList<>();
        for (Map<String, Object> patient : byPatient.values()) {
            Object location = patient.get("location");
            if (ward == null || ward.isBlank() || location instanceof Document where && ward.equals(where.getString("ward"))) {
                patients.add(patient);
            }
        }
        return patients;
    }
}
