package org.vigil.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import org.springframework.stereotype.Component;
import org.vigil.alert.AnomalyCounts;
import org.vigil.config.VigilProperties;
import org.vigil.event.EventFields;

/** The spike rule's counts from the anomalies index: a count and a terms aggregation on the ward, over the effective time. */
@Component
public class ElasticsearchAnomalyCounts implements AnomalyCounts {

    private final ElasticsearchClient client;
    private final String anomalies;

    public ElasticsearchAnomalyCounts(ElasticsearchClient client, VigilProperties vigil) {
        this.client = client;
        this.anomalies = vigil.elasticsearch().anomalies() + "*";
    }

    @Override
    public Counts between(Instant from, Instant to) {
        try {
            SearchResponse<Void> response = client.search(s -> s.index(anomalies).ignoreUnavailable(true).allowNoIndices(true).size(0)
                    .trackTotalHits(t -> t.enabled(true))
                    .query(q -> q.bool(b -> b
                            .filter(f -> f.range(r -> r.date(d -> d.field(EventFields.EFFECTIVE_TIME).gte(from.toString()).lte(to.toString()))))
                            .mustNot(n -> n.term(t -> t.field(EventFields.RETRACTED).value(true)))))
                    .aggregations("wards", a -> a.terms(t -> t.field(EventFields.WARD).size(500))), Void.class);
            Map<String, Long> byWard = new LinkedHashMap<>();
            if (response.aggregations() != null && response.aggregations().get("wards") != null) {
                response.aggregations().get("wards").sterms().buckets().array()
                        .forEach(bucket -> byWard.put(bucket.key().stringValue(), bucket.docCount()));
            }
            return new Counts(response.hits().total() == null ? 0 : response.hits().total().value(), byWard);
        } catch (IOException e) {
            throw new UncheckedIOException("the anomalies index cannot be counted", e);
        }
    }
}
