package org.vigil.store;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.HistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import org.springframework.stereotype.Component;
import org.vigil.config.VigilProperties;
import org.vigil.event.EventFields;
import org.vigil.event.Trigger;

/**
 * The dashboard's overview, from Elasticsearch (the panels hospital projects built in Kibana):
 * anomalies per kind over time (date histogram on the effective time, split by anomaly), the
 * distribution of systolic and diastolic pressure, the anomaly rate, NEWS2 band counts and the
 * most recent critical cases, all over the same time range. Every instance answers the same,
 * whatever partitions it consumes.
 */
@Component
public class ObservationQueries {

    /** What counts as a critical case in the overview's list: a crisis or an emergency NEWS2. */
    static final List<String> CRITICAL = List.of("HYPERTENSIVE_CRISIS", Trigger.NEWS2_HIGH, Trigger.HYPOTENSION_WITH_HIGH_RISK);

    private final ElasticsearchClient client;
    private final String observations;
    private final String anomalies;

    public ObservationQueries(ElasticsearchClient client, VigilProperties vigil) {
        this.client = client;
        this.observations = vigil.elasticsearch().observations() + "*";
        this.anomalies = vigil.elasticsearch().anomalies() + "*";
    }

    public Map<String, Object> overview(Instant from, Instant to, long intervalSeconds) throws IOException {
        Query inRange = Query.of(q -> q.bool(b -> b
                .filter(f -> f.range(r -> r.date(d -> d.field(EventFields.EFFECTIVE_TIME).gte(from.toString()).lte(to.toString()))))
                .mustNot(n -> n.term(t -> t.field(EventFields.RETRACTED).value(true)))));
        SearchResponse<Void> anomalyAggs = client.search(s -> s.index(anomalies).ignoreUnavailable(true).allowNoIndices(true).size(0)
                .query(inRange)
                .aggregations("perTime", a -> a.dateHistogram(h -> h.field(EventFields.EFFECTIVE_TIME).fixedInterval(t -> t.time(intervalSeconds + "s"))
                                .minDocCount(0).extendedBounds(e -> e.min(co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath.of(
                                        m -> m.expr(from.toString()))).max(co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath.of(
                                        m -> m.expr(to.toString())))))
                        .aggregations("kinds", k -> k.terms(t -> t.field(EventFields.ANOMALIES).size(50)))), Void.class);
        SearchResponse<Void> observationAggs = client.search(s -> s.index(observations).ignoreUnavailable(true).allowNoIndices(true).size(0)
                .query(inRange)
                .aggregations("systolic", a -> a.histogram(h -> h.field(EventFields.SYSTOLIC).interval(10.0)))
                .aggregations("diastolic", a -> a.histogram(h -> h.field(EventFields.DIASTOLIC).interval(10.0)))
                .aggregations("bands", a -> a.terms(t -> t.field(EventFields.NEWS2_BAND).size(10)))
                .aggregations("withAnomaly", a -> a.filter(f -> f.exists(e -> e.field(EventFields.ANOMALIES)))), Void.class);

        Map<String, Object> overview = new LinkedHashMap<>();
        overview.put("from", from);
        overview.put("to", to);
        overview.put("intervalSeconds", intervalSeconds);
        List<Map<String, Object>> perKind = new ArrayList<>();
        Aggregate perTime = anomalyAggs.aggregations() == null ? null : anomalyAggs.aggregations().get("perTime");
        if (perTime != null) {
            for (DateHistogramBucket bucket : perTime.dateHistogram().buckets().array()) {
                Map<String, Long> counts = new LinkedHashMap<>();
                for (StringTermsBucket kind : bucket.aggregations().get("kinds").sterms().buckets().array()) {
                    counts.put(kind.key().stringValue(), kind.docCount());
                }
                perKind.add(Map.of("time", Instant.ofEpochMilli(bucket.key()), "counts", counts));
            }
        }
        overview.put("anomaliesPerKind", perKind);
        Map<String, Aggregate> aggs = observationAggs.aggregations() == null ? Map.of() : observationAggs.aggregations();
        overview.put("systolic", histogram(aggs.get("systolic")));
        overview.put("diastolic", histogram(aggs.get("diastolic")));
        long records = observationAggs.hits().total() == null ? 0 : observationAggs.hits().total().value();
        long anomalous = client.count(c -> c.index(anomalies).ignoreUnavailable(true).allowNoIndices(true).query(inRange)).count();
        overview.put("anomalyRate", Map.of("records", records, "anomalies", anomalous, "rate", records == 0 ? 0.0 : (double) anomalous / records));
        Map<String, Long> bands = new LinkedHashMap<>();
        for (String band : List.of("LOW", "LOW_MEDIUM", "MEDIUM", "HIGH")) {
            bands.put(band, 0L);
        }
        if (aggs.get("bands") != null) {
            aggs.get("bands").sterms().buckets().array().forEach(b -> bands.put(b.key().stringValue(), b.docCount()));
        }
        overview.put("news2Bands", bands);
        overview.put("recentCritical", recentCritical(inRange, 10));
        return overview;
    }

    private static List<Map<String, Object>> histogram(Aggregate aggregate) {
        List<Map<String, Object>> buckets = new ArrayList<>();
        if (aggregate != null) {
            for (HistogramBucket bucket : aggregate.histogram().buckets().array()) {
                buckets.add(Map.of("from", bucket.key(), "to", bucket.key() + 10, "count", bucket.docCount()));
            }
        }
        return buckets;
    }

    @SuppressWarnings("rawtypes")
    private List<Map<String, Object>> recentCritical(Query inRange, int size) throws IOException {
        List<FieldValue> critical = CRITICAL.stream().map(FieldValue::of).toList();
        SearchResponse<Map> found = client.search(s -> s.index(anomalies).ignoreUnavailable(true).allowNoIndices(true).size(size)
                .query(q -> q.bool(b -> b.filter(inRange).filter(f -> f.terms(t -> t.field(EventFields.ANOMALIES).terms(v -> v.value(critical))))))
                .sort(o -> o.field(f -> f.field(EventFields.EFFECTIVE_TIME).order(SortOrder.Desc)))
                .source(src -> src.filter(f -> f.includes(EventFields.RECORD_ID, EventFields.PATIENT_ID, EventFields.EFFECTIVE_TIME, EventFields.ANOMALIES, EventFields.NEWS2, EventFields.LOCATION))), Map.class);
        List<Map<String, Object>> cases = new ArrayList<>();
        for (Hit<Map> hit : found.hits().hits()) {
            Map source = hit.source();
            if (source == null) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("recordId", source.get(EventFields.RECORD_ID));
            row.put("patientId", source.get(EventFields.PATIENT_ID));
            row.put("effectiveTime", source.get(EventFields.EFFECTIVE_TIME));
            row.put("anomalies", source.get(EventFields.ANOMALIES));
            row.put("news2", source.get(EventFields.NEWS2) instanceof Map news2 ? news2.get("total") : null);
            row.put("location", source.get(EventFields.LOCATION));
            cases.add(row);
        }
        return cases;
    }
}
