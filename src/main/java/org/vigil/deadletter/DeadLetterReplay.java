package org.vigil.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.vigil.config.KafkaClientSettings;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;

/**
 * Re-injects dead letters once their cause is fixed: reads the dead-letter topic from its start
 * to its end as of now, selects with a {@link ReplayFilter}, and sends each selected message back
 * where it came from ({@link ReplayTargets}) through the dead-letter-replay route. The topic
 * itself is never changed: a message refused again is a new dead letter with its new reason,
 * and a replayed one that lands replaces itself in the stores (record ids), so replaying twice
 * is harmless.
 */
@Component
public class DeadLetterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);
    private static final int FAILURES_REPORTED = 20;

    private final ProducerTemplate camel;
    private final ReplayTargets targets;
    private final KafkaClientSettings kafka;
    private final String deadLetterTopic;

    public DeadLetterReplay(ProducerTemplate camel, ReplayTargets targets, VigilProperties properties, KafkaClientSettings kafka) {
        this.camel = camel;
        this.targets = targets;
        this.kafka = kafka;
        this.deadLetterTopic = properties.kafka().topics().deadletter();
    }

    public ReplayReport replay(ReplayFilter filter) {
        long examined = 0;
        long matched = 0;
        long replayed = 0;
        long notReplayable = 0;
        List<String> failures = new ArrayList<>();
        long failed = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Up to the end as of now: dead letters this replay itself causes are not read again.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!reached(consumer, end)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    examined++;
                    Map<String, String> headers = headersOf(record);
                    if (!filter.matches(headers)) {
                        continue;
                    }
                    matched++;
                    Optional<String> target = targets.of(headers);
                    if (target.isEmpty()) {
                        notReplayable++;
                        continue;
                    }
                    String failure = send(record, headers, target.get());
                    if (failure == null) {
                        replayed++;
                    } else {
                        failed++;
                        if (failures.size() < FAILURES_REPORTED) {
                            failures.add(headers.get(Names.Header.SOURCE) + ": " + failure);
                        }
                    }
                }
            }
        }
        ReplayReport report = new ReplayReport(examined, matched, replayed, failed, notReplayable, failures);
        LOG.info("Dead-letter replay {}: {}", filter, report);
        return report;
    }

    /** @return null when the message went back, else why not */
    private String send(ConsumerRecord<String, byte[]> record, Map<String, String> headers, String target) {
        Exchange exchange = camel.send(Names.Route.direct(Names.Route.DEAD_LETTER_REPLAY), e -> {
            e.getMessage().setBody(record.value());
            e.getMessage().setHeaders(new LinkedHashMap<>(headers));
            e.setProperty(Names.Property.SOURCE, headers.get(Names.Header.SOURCE));
            e.setProperty(Names.Property.REPLAY_TARGET, target);
        });
        // The csv-row route dead-letters a row it refuses (again) and carries on: that counts as failed too.
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return failure == null ? null : String.valueOf(failure.getMessage());
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static Map<String, String> headersOf(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private Map<String, Object> consumerConfig() {
        return kafka.forClient(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "vigil-replay-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }
}
