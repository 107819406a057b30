package org.vigil.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing to, and inspecting consumer groups of, the tests' real Kafka broker. */
public final class KafkaTestClient implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final Admin admin;

    public KafkaTestClient() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalServices.kafkaBrokers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalServices.kafkaBrokers()));
    }

    public void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /** Publishes without waiting for the broker's acknowledgement (then {@link #flush()}): for streams faster than one round trip each. */
    public void sendWithoutWaiting(String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    /** Waits until everything sent is acknowledged. */
    public void flush() {
        producer.flush();
    }

    /** Records not yet committed by the group on the given topics (the topics' end minus the group's offsets). */
    public long lag(String group, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> end = endOffsets(topics);
        return end.entrySet().stream().mapToLong(e -> {
            OffsetAndMetadata offset = committed.get(e.getKey());
            return e.getValue() - (offset == null ? 0 : offset.offset());
        }).sum();
    }

    /**
     * Moves a group back to the start of the topics, so everything is delivered again. Kafka
     * refuses while the group still has members: call it (with Awaitility) until it succeeds.
     */
    public boolean rewindToStart(String group, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> start = endOffsets(topics).keySet().stream()
                .collect(Collectors.toMap(p -> p, p -> new OffsetAndMetadata(0)));
        admin.alterConsumerGroupOffsets(group, start).all().get(10, TimeUnit.SECONDS);
        return true;
    }

    /**
     * The group's members as the broker sees them (member id → the partitions it holds now), for
     * tests of several instances sharing a group. Empty while the group rebalances.
     */
    public Map<String, java.util.Set<TopicPartition>> members(String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).members().stream()
                .collect(Collectors.toMap(org.apache.kafka.clients.admin.MemberDescription::consumerId,
                        m -> m.assignment().topicPartitions()));
    }

    /** Records ever written to the topic. */
    public long recordsIn(String topic) throws Exception {
        return endOffsets(List.of(topic)).values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<TopicPartition, Long> endOffsets(List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS)
                .values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
