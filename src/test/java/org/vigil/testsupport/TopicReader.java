package org.vigil.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what a real Kafka topic holds (values as bytes), from the beginning, with a deadline instead of sleeps. */
public final class TopicReader {

    private TopicReader() {
    }

    /** Reads until {@code expected} records arrived or the timeout passed; returns what was read. */
    public static List<ConsumerRecord<String, byte[]>> read(String topic, int expected, Duration timeout) {
        return read(LocalServices.kafkaBrokers(), topic, expected, timeout);
    }

    /** The same, from a broker other than the shared test one. */
    public static List<ConsumerRecord<String, byte[]>> read(String brokers, String topic, int expected, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            while (records.size() < expected && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            // A short extra poll shows records beyond the expected count, which a test must see too.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    /** The value as UTF-8 text. */
    public static String text(ConsumerRecord<?, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
