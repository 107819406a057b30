package org.vigil.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Vigil's topics, created at start-up when they are absent, with the configured partitions and
 * replication (more partitions let more instances share the work; a patient always stays on one
 * partition because messages are keyed by patient). A {@link Prerequisite}: not ready until every
 * topic exists with at least the configured partitions. A topic found with fewer (made by hand, or
 * auto-created by the broker with its default) is reported and left alone: adding partitions moves
 * patients to other partitions, away from their state, so that is an operator's decision.
 */
@Component
public class KafkaTopics extends Prerequisite {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

    private final Admin admin;
    private final List<String> topics = new ArrayList<>();
    private final int partitions;
    private final short replicationFactor;

    public KafkaTopics(Admin admin, VigilProperties vigil, Specialties specialties,
                       @Value("${vigil.kafka.partitions}") int partitions,
                       @Value("${vigil.kafka.replication-factor}") short replicationFactor) {
        this.admin = admin;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        topics.add(vigil.kafka().topics().records());
        topics.add(vigil.kafka().topics().classified());
        topics.add(vigil.kafka().topics().deadletter());
        topics.add(vigil.kafka().topics().alerts());
        topics.add(vigil.kafka().topics().alertCommands());
        topics.addAll(specialties.topics());
    }

    /** Every topic Vigil writes: records, classified, dead letters, alerts, alert commands and each specialty's. */
    public List<String> names() {
        return List.copyOf(topics);
    }

    @Override
    public String name() {
        return "kafka-topics";
    }

    @Override
    protected String ensure() throws Exception {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> absent = topics.stream().filter(topic -> !existing.contains(topic))
                .map(topic -> new NewTopic(topic, partitions, replicationFactor)).toList();
        if (!absent.isEmpty()) {
            try {
                admin.createTopics(absent).all().get(10, TimeUnit.SECONDS);
                LOG.info("Created Kafka topics {} ({} partitions, replication {})", absent.stream().map(NewTopic::name).toList(),
                        partitions, replicationFactor);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // tried again
                }
            }
        }
        List<String> tooFew = new ArrayList<>();
        for (Map.Entry<String, TopicDescription> topic : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).entrySet()) {
            int has = topic.getValue().partitions().size();
            if (has < partitions) {
                tooFew.add(topic.getKey() + " has " + has);
            }
        }
        if (!tooFew.isEmpty()) {
            throw new Wrong("topics with fewer partitions than vigil.kafka.partitions (" + partitions + "): " + String.join(", ", tooFew)
                    + ". A patient's records and state belong to one partition, and instances share the work by partition. "
                    + "Delete and recreate them empty, or add partitions (patients then move: do it with Vigil stopped and its state rebuilt).");
        }
        return topics.size() + " topics with at least " + partitions + " partitions";
    }
}
