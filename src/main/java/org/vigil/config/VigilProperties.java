package org.vigil.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Vigil's own settings ({@code vigil.*} in application.yaml). Routes read the same values as
 * {@code {{placeholders}}}; beans read them here.
 */
@ConfigurationProperties(prefix = "vigil")
public record VigilProperties(Kafka kafka, Mongodb mongodb, Elasticsearch elasticsearch) {

    public record Kafka(String brokers, Topics topics) {
    }

    public record Topics(String records, String deadletter) {
    }

    public record Mongodb(String database, String collection) {
    }

    /** {@code replicas}: 0 suits one node; a production cluster sets 1 or more. */
    public record Elasticsearch(String index, int shards, int replicas) {
    }
}
