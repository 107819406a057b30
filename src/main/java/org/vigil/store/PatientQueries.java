package org.vigil.store;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import org.springframework.stereotype.Component;
import org.vigil.config.VigilProperties;
import org.vigil.event.EventFields;

/**
 * A patient's recent vital signs (one point per record, as measured, with NEWS2 as scored at it),
 * and the patients with recent vital signs: what the dashboard's patient view draws. From the
 * observations index in Elasticsearch, which indexes patient and time, so a request's cost follows
 * what it answers, not how much is stored (the local MongoDB server would scan the whole records
 * collection for it). Each answer is bounded: {@value #MAX_POINTS} points, {@value #MAX_PATIENTS}
 * patients. Retracted records are left out of the chart.
 */
@Component
public class PatientQueries {

    /** Points of one patient's chart, at most (a reading a minute for three and a half days). */
    static final int MAX_POINTS = 5000;
    /** Patients of one list, at most. */
    static final int MAX_PATIENTS = 2000;

    private final ElasticsearchClient client;
    private final String observations;

    public PatientQueries(ElasticsearchClient client, VigilProperties vigil) {
        this.client = client;
        this.observations = vigil.elasticsearch().observations() + "*";
    }

    /** The patient's vital-sign records since then, oldest first. */
    @SuppressWarnings("rawtypes")
    public List<Map<String, Object>> vitals(String patientId, Instant since) throws IOException {
        Query query = Query.of(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field(EventFields.PATIENT_ID).value(patientId)))
                .filter(f -> f.range(r -> r.date(d -> d.field(EventFields.EFFECTIVE_TIME).gte(since.toString()))))
                .filter(f -> f.exists(e -> e.field(EventFields.VITALS)))
                .mustNot(n -> n.term(t -> t.field(EventFields.RETRACTED).value(true)))));
        SearchResponse<Map> found = client.search(s -> s.index(observations).ignoreUnavailable(true).allowNoIndices(true)
                .size(MAX_POINTS).query(query).sort(o -> o.field(f -> f.field(EventFields.EFFECTIVE_TIME).order(SortOrder.Asc)))
                .source(src -> src.filter(f -> f.includes(EventFields.EFFECTIVE_TIME, EventFields.VITALS, EventFields.NEWS2))), Map.class);
        List<Map<String, Object>> points = new ArrayList<>();
        for (Hit<Map> hit : found.hits().hits()) {
            Map source = hit.source();
            if (source == null || !(source.get(EventFields.VITALS) instanceof Map vitals)) {
                continue;
            }
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("time", source.get(EventFields.EFFECTIVE_TIME));
            for (String vital : org.vigil.record.VitalSigns.MEASURED) {
                if (vitals.get(vital) != null) {
                    point.put(vital, vitals.get(vital));
                }
            }
            if (source.get(EventFields.NEWS2) instanceof Map news2) {
                point.put("news2", news2.get("total"));
                point.put("news2Band", news2.get("band"));
            }
            points.add(point);
        }
        return points;
    }

    /** Where the patient is, as the latest record since then says; null when none says. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Map<String, Object> location(String patientId, Instant since) throws IOException {
        SearchResponse<Map> found = client.search(s -> s.index(observations).ignoreUnavailable(true).allowNoIndices(true).size(1)
                .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field(EventFields.PATIENT_ID).value(patientId)))
                        .filter(f -> f.range(r -> r.date(d -> d.field(EventFields.EFFECTIVE_TIME).gte(since.toString()))))
                        .filter(f -> f.exists(e -> e.field(EventFields.LOCATION)))))
                .sort(o -> o.field(f -> f.field(EventFields.EFFECTIVE_TIME).order(SortOrder.Desc)))
                .source(src -> src.filter(f -> f.includes(EventFields.LOCATION))), Map.class);
        return found.hits().hits().stream().map(Hit::source).filter(source -> source != null && source.get(EventFields.LOCATION) instanceof Map)
                .map(source -> (Map<String, Object>) source.get(EventFields.LOCATION)).findFirst().orElse(null);
    }

    /**
     * The patients with vital signs since then (of a ward, when given), each with where they are,
     * when last seen and their latest NEWS2; most recently seen first. One hit per patient (the
     * latest: Elasticsearch's field collapsing on the patient). The ward is filtered in the query, so
     * a ward's list is whole however many patients the site has; a patient moved within the time
     * range is listed in each ward they had readings in, with the latest reading there.
     */
    @SuppressWarnings("rawtypes")
    public List<Map<String, Object>> patients(Instant since, String ward) throws IOException {
        SearchResponse<Map> found = client.search(s -> s.index(observations).ignoreUnavailable(true).allowNoIndices(true)
                .size(MAX_PATIENTS)
                .query(q -> q.bool(b -> {
                    b.filter(f -> f.range(r -> r.date(d -> d.field(EventFields.EFFECTIVE_TIME).gte(since.toString()))))
                            .filter(f -> f.exists(e -> e.field(EventFields.VITALS)))
                            .filter(f -> f.exists(e -> e.field(EventFields.PATIENT_ID)));
                    if (ward != null && !ward.isBlank()) {
                        b.filter(f -> f.term(t -> t.field(EventFields.WARD).value(ward)));
                    }
                    return b;
                }))
                .collapse(c -> c.field(EventFields.PATIENT_ID))
                .sort(o -> o.field(f -> f.field(EventFields.EFFECTIVE_TIME).order(SortOrder.Desc)))
                .source(src -> src.filter(f -> f.includes(EventFields.PATIENT_ID, EventFields.EFFECTIVE_TIME, EventFields.NEWS2, EventFields.LOCATION))), Map.class);
        List<Map<String, Object>> patients = new ArrayList<>();
        for (Hit<Map> hit : found.hits().hits()) {
            Map source = hit.source();
            if (source == null) {
                continue;
            }
            Object location = source.get(EventFields.LOCATION);
            Map<String, Object> patient = new LinkedHashMap<>();
            patient.put("patientId", source.get(EventFields.PATIENT_ID));
            patient.put("location", location);
            patient.put("lastSeen", source.get(EventFields.EFFECTIVE_TIME));
            Map<String, Object> news2 = null;
            if (source.get(EventFields.NEWS2) instanceof Map scored) {
                news2 = new LinkedHashMap<>();
                news2.put("total", scored.get("total"));
                news2.put("band", scored.get("band"));
            }
            patient.put("news2", news2);
            patients.add(patient);
        }
        return patients;
    }
}
