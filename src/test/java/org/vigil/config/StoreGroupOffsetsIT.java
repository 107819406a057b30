package org.vigil.config;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.testsupport.LocalServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Elasticsearch's store group after the upgrade that gave each store a group of its own, against
 * the tests' real broker: it starts where the group both stores shared stood, and is never moved
 * again once it has offsets of its own.
 */
class StoreGroupOffsetsIT {

    private static final String RUN = LocalServices.RUN_ID;
    private static final String TOPIC = "it-store-offsets-" + RUN;
    private static Admin admin;

    @BeforeAll
    static void topic() throws Exception {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalServices.properties().get("vigil.kafka.brokers")));
        admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    @Test
    void elasticsearchStartsWhereTheSharedGroupStoodAndIsLeftAloneOnceItReadsOnItsOwn() throws Exception {
        String shared = "it-store-" + RUN + "-upgraded";
        String elasticsearch = shared + "-elasticsearch";
        admin.alterConsumerGroupOffsets(shared, Map.of(partition(0), new OffsetAndMetadata(5), partition(2), new OffsetAndMetadata(7)))
                .all().get(30, TimeUnit.SECONDS);

        assertThat(new StoreGroupOffsets(admin, List.of(TOPIC), shared, elasticsearch).attempt()).isTrue();
        assertThat(committed(elasticsearch)).isEqualTo(Map.of(partition(0), 5L, partition(2), 7L));

        // Later starts: Elasticsearch has moved on (or fallen behind) on its own; it is not moved back to MongoDB's.
        admin.alterConsumerGroupOffsets(elasticsearch, Map.of(partition(0), new OffsetAndMetadata(3))).all().get(30, TimeUnit.SECONDS);
        admin.alterConsumerGroupOffsets(shared, Map.of(partition(0), new OffsetAndMetadata(11))).all().get(30, TimeUnit.SECONDS);
        assertThat(new StoreGroupOffsets(admin, List.of(TOPIC), shared, elasticsearch).attempt()).isTrue();
        assertThat(committed(elasticsearch)).isEqualTo(Map.of(partition(0), 3L, partition(2), 7L));
    }

    @Test
    void onANewInstallNeitherGroupHasOffsetsAndNothingIsWritten() throws Exception {
        String fresh = "it-store-" + RUN + "-fresh";
        assertThat(new StoreGroupOffsets(admin, List.of(TOPIC), fresh, fresh + "-elasticsearch").attempt()).isTrue();
        assertThat(committed(fresh + "-elasticsearch")).isEmpty();
    }

    private static TopicPartition partition(int number) {
        return new TopicPartition(TOPIC, number);
    }

    private static Map<TopicPartition, Long> committed(String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
