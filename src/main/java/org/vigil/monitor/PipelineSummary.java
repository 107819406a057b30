package org.vigil.monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.config.KafkaTopics;
import org.vigil.config.Specialties;
import org.vigil.config.StoreTopicsEnvironmentPostProcessor;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;

/**
 * What the pipeline has done: counters the routes keep (since this instance started) and the
 * totals held by Kafka and the stores. Each figure is read from its source, none is estimated;
 * a source that cannot be reached is reported as an error string instead of a number.
 */
@Component
public class PipelineSummary {

    private final MeterRegistry meters;
    private final Admin kafka;
    private final MongoClient mongo;
    private final ElasticsearchClient elasticsearch;
    private final VigilProperties properties;
    private final Specialties specialties;

    /** Each store's consumer group, by store ("mongodb", "elasticsearch"). */
    private final Map<String, String> storeGroups;
    private final List<String> storeTopics;

    private final KafkaTopics topics;

    public PipelineSummary(MeterRegistry meters, Admin kafka, MongoClient mongo,
                           ElasticsearchClient elasticsearch, VigilProperties properties, Specialties specialties,
                           KafkaTopics topics, @Value("${vigil.store.consumer-group}") String mongodbGroup,
                           @Value("${vigil.store.elasticsearch-consumer-group}") String elasticsearchGroup) {
        this.topics = topics;
        this.storeGroups = new LinkedHashMap<>();
        storeGroups.put("mongodb", mongodbGroup);
        storeGroups.put("elasticsearch", elasticsearchGroup);
        this.storeTopics = StoreTopicsEnvironmentPostProcessor.storeTopics(properties, specialties);
        this.specialties = specialties;
        this.meters = meters;
        this.kafka = kafka;
        this.mongo = mongo;
        this.elasticsearch = elasticsearch;
        this.properties = properties;
    }

    public Map<String, Object> summary() {
        Map<String, Object> figures = new LinkedHashMap<>();
        for (String name : Names.Counter.ALL) {
            Counter counter = meters.find(name).counter();
            figures.put(name.substring("vigil.".length()), counter == null ? 0L : (long) counter.count());
        }
        // Valid input not used, per kind (a Bundle's Patient, Claim, lab results...): counted, never dead-lettered.
        for (Counter notUsed : meters.find(Names.Counter.NOT_USED).counters()) {
            figures.put(Names.Counter.NOT_USED.substring("vigil.".length()) + "." + notUsed.getId().getTag("kind"), (long) notUsed.count());
        }
        for (String topic : topics.names()) {
            figures.put("kafka.topic." + topic, guarded(() -> recordsInTopic(topic)));
        }
        // Each store reads the same messages in its own group: a message is stored once both have it.
        Map<String, Object> pendingByStore = new LinkedHashMap<>();
        storeGroups.forEach((store, group) -> pendingByStore.put(store, guarded(() -> waitingToBeStored(group))));
        figures.put("store.pending", pendingByStore.values().stream().allMatch(Long.class::isInstance)
                ? pendingByStore.values().stream().mapToLong(Long.class::cast).max().orElse(0L)
                : pendingByStore.values().stream().filter(p -> !(p instanceof Long)).findFirst().orElseThrow());
        pendingByStore.forEach((store, pending) -> figures.put("store." + store + ".pending", pending));
        VigilProperties.Mongodb mongodb = properties.mongodb();
        figures.put("store.mongodb.collection", mongodb.database() + "." + mongodb.records());
        figures.put("store.mongodb.documents", guarded(() -> documentsIn(mongodb.records())));
        for (Specialties.Specialty specialty : specialties.all()) {
            figures.put("store.mongodb.collection." + specialty.collection(), guarded(() -> documentsIn(specialty.collection())));
        }
        VigilProperties.Elasticsearch indices = properties.elasticsearch();
        figures.put("store.elasticsearch.index", indices.observations());
        figures.put("store.elasticsearch.documents", guarded(() -> documentsIndexed(indices.observations())));
        figures.put("store.elasticsearch.anomalies", guarded(() -> documentsIndexed(indices.anomalies())));
        for (Specialties.Specialty specialty : specialties.all()) {
            if (specialty.index() != null) {
                figures.put("store.elasticsearch.index." + specialty.index(), guarded(() -> documentsIndexed(specialty.index())));
            }
        }
        return figures;
    }

    /**
     * Per consumer group and topic, the messages not yet done (committed): the stores' lag, and
     * classification's and the alert lifecycle's.
     */
    public List<Map<String, Object>> lag(Map<String, List<String>> topicsByGroup) {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        topicsByGroup.forEach((group, groupTopics) -> {
            Map<TopicPartition, OffsetAndMetadata> committed;
            try {
                committed = kafka.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                Map<String, Object> row = new LinkedHashMap<>(Map.of("group", group, "error", e.toString()));
                storeOf(group).ifPresent(store -> row.put("store", store));
                rows.add(row);
                return;
            }
            for (String topic : groupTopics) {
                Object lag = guarded(() -> {
                    long pending = 0;
                    for (Map.Entry<TopicPartition, Long> end : latestOffsets(topic).entrySet()) {
                        OffsetAndMetadata done = committed.get(end.getKey());
                        pending += end.getValue() - (done == null ? 0 : done.offset());
                    }
                    return pending;
                });
                Map<String, Object> row = new LinkedHashMap<>(Map.of("group", group, "topic", topic, "lag", lag));
                storeOf(group).ifPresent(store -> row.put("store", store));
                rows.add(row);
            }
        });
        return rows;
    }

    /** Each store's consumer group, by store ("mongodb", "elasticsearch"); both read {@link #storeTopics}. */
    public Map<String, String> storeGroups() {
        return java.util.Collections.unmodifiableMap(storeGroups);
    }

    private java.util.Optional<String> storeOf(String group) {
        return storeGroups.entrySet().stream().filter(e -> e.getValue().equals(group)).map(Map.Entry::getKey).findFirst();
    }

    public List<String> storeTopics() {
        return storeTopics;
    }

    /** Messages on the stores' topics that one store has not acknowledged yet (its consumer group's lag). */
    private long waitingToBeStored(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        long pending = 0;
        for (String topic : storeTopics) {
            for (Map.Entry<TopicPartition, Long> end : latestOffsets(topic).entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                pending += end.getValue() - (done == null ? 0 : done.offset());
            }
        }
        return pending;
    }

    /**
     * The collection's size from its metadata (MongoDB's {@code count} without a filter): the same
     * figure as counting, at a cost that does not grow with the collection; {@code countDocuments}
     * is an aggregation that reads every document on the local server (and a polled summary made
     * the store crawl: two cores busy counting a million records).
     */
    private long documentsIn(String collection) {
        return mongo.getDatabase(properties.mongodb().database()).getCollection(collection).estimatedDocumentCount();
    }

    /** Across the time-based indices too, when there are some. */
    private long documentsIndexed(String index) throws java.io.IOException {
        return elasticsearch.count(c -> c.index(index + "*").ignoreUnavailable(true).allowNoIndices(true)).count();
    }

    /** Records ever written to a topic: the sum over its partitions of the latest offset. */
    private long recordsInTopic(String topic) throws Exception {
        return latestOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<TopicPartition, Long> latestOffsets(String topic) throws Exception {
        var description = kafka.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return kafka.listOffsets(latest).all().get(5, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private interface Figure {
        Object read() throws Exception;
    }

    private static Object guarded(Figure figure) {
        try {
            return figure.read();
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof UnknownTopicOrPartitionException) {
                return 0L; // not created yet: nothing was ever written to it
            }
            return "unavailable: " + cause;
        }
    }
}
