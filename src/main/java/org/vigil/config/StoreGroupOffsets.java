package org.vigil.config;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where Elasticsearch's store starts reading the first time. Each store reads the store topics in
 * a consumer group of its own; before, both were written from one group, MongoDB's
 * ({@code vigil.store.consumer-group}), whose offsets were committed once both stores had a batch.
 * So when Elasticsearch's group ({@code vigil.store.elasticsearch-consumer-group}) has no offsets
 * and MongoDB's has, Elasticsearch's starts where MongoDB's stands: everything before was indexed.
 * Without that it would index everything the topics still hold again (harmless, the record ids are
 * the document ids, but hours of work for a large store). Done once, before the routes start
 * ({@link Prerequisites}); a group that has offsets, or members, is left alone. Both groups are
 * read by the same instances, so their offsets expire together and the copy is only ever made at
 * the first start after an upgrade, or not at all.
 */
@Component
public class StoreGroupOffsets extends Prerequisite {

    private static final Logger LOG = LoggerFactory.getLogger(StoreGroupOffsets.class);

    private final Admin admin;
    private final String mongodbGroup;
    private final String elasticsearchGroup;
    private final List<String> storeTopics;

    @org.springframework.beans.factory.annotation.Autowired
    public StoreGroupOffsets(Admin admin, VigilProperties vigil, Specialties specialties,
                             @Value("${vigil.store.consumer-group}") String mongodbGroup,
                             @Value("${vigil.store.elasticsearch-consumer-group}") String elasticsearchGroup) {
        this(admin, StoreTopicsEnvironmentPostProcessor.storeTopics(vigil, specialties), mongodbGroup, elasticsearchGroup);
    }

    /** For the store topics given. */
    StoreGroupOffsets(Admin admin, List<String> storeTopics, String mongodbGroup, String elasticsearchGroup) {
        if (mongodbGroup.equals(elasticsearchGroup)) {
            throw new IllegalArgumentException("vigil.store.consumer-group and vigil.store.elasticsearch-consumer-group must differ: "
                    + "each store reads the topics in a group of its own");
        }
        this.admin = admin;
        this.mongodbGroup = mongodbGroup;
        this.elasticsearchGroup = elasticsearchGroup;
        this.storeTopics = List.copyOf(storeTopics);
    }

    @Override
    public String name() {
        return "store-group-offsets";
    }

    @Override
    protected String ensure() throws Exception {
        if (!committed(elasticsearchGroup).isEmpty()) {
            return elasticsearchGroup + " reads from its own offsets";
        }
        Map<TopicPartition, OffsetAndMetadata> shared = committed(mongodbGroup);
        if (shared.isEmpty()) {
            return "neither store has read yet: both start at the beginning of the topics";
        }
        try {
            admin.alterConsumerGroupOffsets(elasticsearchGroup, shared).all().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupNotEmptyException || e.getCause() instanceof UnknownMemberIdException) {
                return elasticsearchGroup + " is already reading (another instance started it)";
            }
            throw e; // tried again
        }
        LOG.info("Elasticsearch's store group {} starts where {} stands on {} partitions (everything before was indexed by the store of both)",
                elasticsearchGroup, mongodbGroup, shared.size());
        return elasticsearchGroup + " starts where " + mongodbGroup + " stood (" + shared.size() + " partitions)";
    }

    /** The group's committed offsets on the store topics. */
    private Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).entrySet().stream()
                .filter(e -> e.getValue() != null && storeTopics.contains(e.getKey().topic()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
