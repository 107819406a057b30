package org.vigil.config;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Creates Vigil's topics at start-up when they are absent, with the configured partitions and
 * replication (more partitions let more instances share the work; a patient always stays on one
 * partition because messages are keyed by patient).
 */
@Component
public class KafkaTopics implements InitializingBean {

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
    public void afterPropertiesSet() throws InterruptedException {
        for (String topic : topics) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor))).all().get(10, TimeUnit.SECONDS);
                LOG.info("Created Kafka topic {} ({} partitions, replication {})", topic, partitions, replicationFactor);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    LOG.warn("Could not create Kafka topic {}: {}", topic, e.getCause().toString());
                }
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.warn("Kafka did not answer while creating topic {}; it will be auto-created on first use", topic);
            }
        }
    }
}
