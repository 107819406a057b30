package org.vigil.store;

import java.io.IOException;
import java.util.List;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.mapping.DynamicTemplate;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.util.NamedValue;
import org.springframework.stereotype.Component;
import org.vigil.config.Prerequisite;
import org.vigil.config.VigilProperties;
import org.vigil.event.EventFields;

/**
 * Puts Vigil's index template before any route writes, so the observations and anomalies
 * indices (time-based ones too) get Vigil's shards, replicas and mappings when Elasticsearch
 * creates them on first write: keywords for ids, specialties and anomaly kinds, a date for the
 * effective time, floats for vital signs and the risk score (a single local node stays green
 * with 0 replicas). A {@link Prerequisite}: tried before Camel starts its routes, and again until
 * Elasticsearch takes it; until then the Elasticsearch store writes nothing ({@link #requireReady()}
 * in the store-elasticsearch-bulk route: waited out like an outage), so no index is ever
 * created with dynamic mappings.
 */
@Component
public class ElasticsearchIndexTemplates extends Prerequisite {

    private final ElasticsearchClient client;
    private final VigilProperties.Elasticsearch settings;

    private final List<String> patterns = new java.util.ArrayList<>();

    public ElasticsearchIndexTemplates(ElasticsearchClient client, VigilProperties properties, StoreTargets targets) {
        this.client = client;
        this.settings = properties.elasticsearch();
        patterns.add(settings.observations() + "*");
        patterns.add(settings.anomalies() + "*");
        targets.specialtyIndices().forEach(index -> patterns.add(index + "*"));
    }

    @Override
    public String name() {
        return "elasticsearch-index-template";
    }

    @Override
    protected String ensure() throws IOException {
        String name = settings.indexPrefix() + "template";
        client.indices().putIndexTemplate(t -> t
                    .name(name)
                    .indexPatterns(patterns)
                    .priority(100L)
                    .template(tt -> tt
                            .settings(s -> s
                                    .numberOfShards(String.valueOf(settings.shards()))
                                    .numberOfReplicas(String.valueOf(settings.replicas())))
                            .mappings(mappings())));
        return "index template " + name + " for " + patterns;
    }

    /** For the Elasticsearch store, before each bulk request: writes wait (as for an outage) until the template is in place. */
    public void requireReady() {
        if (!ready()) {
            throw new StoreUnavailableException("Vigil's index template is not in place yet (" + status().detail() + ")");
        }
    }

    static TypeMapping mappings() {
        Property keyword = Property.of(p -> p.keyword(k -> k));
        Property floating = Property.of(p -> p.float_(f -> f));
        return TypeMapping.of(m -> {
            m.properties(EventFields.RECORD_ID, keyword)
                    .properties(EventFields.PATIENT_ID, keyword)
                    .properties(EventFields.SOURCE, keyword)
                    .properties(EventFields.DEVICE, keyword)
                    .properties(EventFields.EFFECTIVE_TIME, Property.of(p -> p.date(d -> d)))
                    .properties(EventFields.SPECIALTIES, keyword)
                    .properties(EventFields.ANOMALIES, keyword)
                    .properties(EventFields.FINDINGS, keyword)
                    .properties("riskScored", Property.of(p -> p.boolean_(b -> b)))
                    .properties(EventFields.RETRACTED, Property.of(p -> p.boolean_(b -> b)))
                    .properties(EventFields.LOCATION, Property.of(p -> p.object(o -> o
                            .properties("ward", keyword).properties("room", keyword).properties("bed", keyword)
                            .properties("facility", keyword).properties("event", keyword)
                            .properties("since", Property.of(d -> d.date(x -> x))))))
                    .properties(EventFields.STATUS, keyword)
                    .properties(EventFields.RETRACTED_BY, keyword)
                    .properties(EventFields.TRANSLATED_FROM, keyword)
                    .properties(EventFields.WARNINGS, Property.of(p -> p.text(t -> t)))
                    .properties(EventFields.BODY, Property.of(p -> p.object(o -> o
                            .properties("weightKg", floating)
                            .properties("heightCm", floating)
                            .properties("bmiKgPerM2", floating))))
                    // Other sites' columns: kept as sent, not indexed field by field (their names are the sender's).
                    .properties(EventFields.EXTRA, Property.of(p -> p.object(o -> o.enabled(false))))
                    .properties(EventFields.ABSENT_AS_SENT, Property.of(p -> p.object(o -> o.enabled(false))))
                    // The anomalies' reasons are prose for the alert; the anomalies themselves are indexed.
                    .properties(EventFields.ANOMALY_REASONS, Property.of(p -> p.object(o -> o.enabled(false))))
                    .properties(EventFields.RISK, Property.of(p -> p.object(o -> o
                            .properties("probability", floating)
                            .properties("modelVersion", keyword)
                            .properties("imputed", keyword))))
                    .properties(EventFields.NEWS2, Property.of(p -> p.object(o -> o
                            .properties("total", Property.of(i -> i.integer(n -> n)))
                            .properties("band", keyword)
                            .properties("missing", keyword))))
                    .properties(EventFields.VITALS, Property.of(p -> p.object(o -> {
                        org.vigil.record.VitalSigns.MEASURED.forEach(vital -> o.properties(vital, floating));
                        return o.properties("supplementalOxygen", Property.of(b -> b.boolean_(x -> x)))
                                .properties("consciousness", keyword);
                    })));
            // Any other text (the heart-study enums) is a code to filter on, not prose to search.
            return m.dynamicTemplates(NamedValue.of("codes_as_keywords", DynamicTemplate.of(d -> d
                    .matchMappingType("string").mapping(keyword))));
        });
    }
}
