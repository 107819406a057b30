package org.vigil.store;

import java.io.IOException;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.vigil.config.VigilProperties;

/**
 * Puts Vigil's index template before any route writes, so indices Elasticsearch creates on first
 * write get Vigil's shard and replica counts and mappings (a single local node stays green with 0
 * replicas). Runs before Camel starts its routes.
 */
@Component
public class ElasticsearchIndexTemplates implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchIndexTemplates.class);

    private final ElasticsearchClient client;
    private final VigilProperties.Elasticsearch settings;

    public ElasticsearchIndexTemplates(ElasticsearchClient client, VigilProperties properties) {
        this.client = client;
        this.settings = properties.elasticsearch();
    }

    @Override
    public void afterPropertiesSet() {
        String name = settings.index() + "-template";
        try {
            client.indices().putIndexTemplate(t -> t
                    .name(name)
                    .indexPatterns(settings.index() + "*")
                    .priority(100L)
                    .template(tt -> tt
                            .settings(s -> s
                                    .numberOfShards(String.valueOf(settings.shards()))
                                    .numberOfReplicas(String.valueOf(settings.replicas())))
                            .mappings(m -> m
                                    .properties("recordId", p -> p.keyword(k -> k))
                                    .properties("source", p -> p.keyword(k -> k)))));
            LOG.info("Elasticsearch index template {} for {}* is in place", name, settings.index());
        } catch (IOException | RuntimeException e) {
            // Not fatal: Elasticsearch may come later; indices then get its defaults until the next start.
            LOG.warn("Could not put Elasticsearch index template {}: {}", name, e.toString());
        }
    }
}
