package org.vigil.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Vigil's own settings ({@code vigil.*} in application.yaml). Routes read the same values as
 * {@code {{placeholders}}}; beans read them here.
 */
@ConfigurationProperties(prefix = "vigil")
public record VigilProperties(Kafka kafka, Mongodb mongodb, Elasticsearch elasticsearch) {

    /** {@code topicPrefix}: every Vigil topic name starts with it (a specialty's topic too, by default). */
    public record Kafka(String brokers, String topicPrefix, Topics topics) {
    }

    /** {@code alerts}: the alert events; {@code alertCommands}: caregivers' acknowledgements. */
    public record Topics(String records, String classified, String deadletter, String raw, String alerts, String alertCommands) {
    }

    /** Collection names are {@code collectionPrefix} + the records collection or a destination's name. */
    public record Mongodb(String database, String collectionPrefix, String recordsCollection) {

        public String records() {
            return collection(recordsCollection);
        }

        public String collection(String name) {
            return (collectionPrefix == null ? "" : collectionPrefix) + name;
        }
    }

    /**
     * {@code replicas}: 0 suits one node; a production cluster sets 1 or more.
     * {@code indexDatePattern}: empty for one index each, or e.g. {@code yyyy.MM} for monthly indices.
     */
    public record Elasticsearch(String indexPrefix, String indexDatePattern, int shards, int replicas) {

        public String observations() {
            return indexPrefix + "observations";
        }

        public String anomalies() {
            return indexPrefix + "anomalies";
        }
    }
}
