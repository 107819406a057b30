package org.vigil.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.vigil.contract.Names;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The watched folders (FHIR JSON, NDJSON, CSV with its coding stated by sub-folder) and the raw Kafka topic. */
@VigilIntegrationTest("transport")
class TransportsIT {

    @Autowired
    MongoClient mongo;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @Value("${vigil.mongodb.collection-prefix}${vigil.mongodb.records-collection}")
    String collection;
    @Value("${vigil.kafka.topics.raw}")
    String rawTopic;
    @Value("${vigil.kafka.topics.deadletter}")
    String deadLetterTopic;
    @Value("${vigil.ingest.csv.inbox}")
    Path csvInbox;
    @Value("${vigil.ingest.fhir.inbox}")
    Path fhirInbox;

    @Test
    void foldersAndRawTopicAllReachTheStores() throws Exception {
        MongoCollection<Document> records = mongo.getDatabase("vigil").getCollection(collection);

        drop(fhirInbox, "bp.json", Files.readString(Path.of("src/test/resources/fhir/blood-pressure.json")));
        drop(fhirInbox, "ward-7.ndjson", oneLine("heart-rate") + "\n" + oneLine("respiratory-rate") + "\n");
        drop(fhirInbox, "broken.json", "{\"resourceType\":\"Observation\"");
        // UCI's file has no header: the uci/ sub-folder states its coding.
        List<String> cleveland = Files.readAllLines(Path.of("data/processed.cleveland.data")).subList(0, 5);
        drop(csvInbox.resolve("uci"), "cleveland.data", String.join("\n", cleveland) + "\n");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalServices.kafkaBrokers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(rawTopic, "Patient/example",
                    Files.readString(Path.of("src/test/resources/fhir/oxygen-saturation.json")).getBytes(StandardCharsets.UTF_8))).get();
            // A gateway's message that is not UTF-8 (refused whole, its bytes kept), and a Bundle with a
            // good entry, a bad one (refused alone, as it was sent) and a Patient (not used).
            producer.send(new ProducerRecord<>(rawTopic, "Patient/latin1", LATIN1)).get();
            producer.send(new ProducerRecord<>(rawTopic, "Patient/example", RAW_BUNDLE.getBytes(StandardCharsets.UTF_8))).get();
        }

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                .until(records::countDocuments, count -> count >= 10);

        assertThat(records.find(new Document("_id", "Observation/blood-pressure")).first().getString("source"))
                .isEqualTo("file:bp.json");
        assertThat(records.find(new Document("_id", "Observation/heart-rate")).first().getString("source"))
                .isEqualTo("file:ward-7.ndjson:1");
        assertThat(records.find(new Document("_id", "Observation/respiratory-rate")).first().getString("source"))
                .isEqualTo("file:ward-7.ndjson:2");
        assertThat(records.find(new Document("_id", "Observation/satO2")).first().getString("source"))
                .startsWith("kafka:" + rawTopic + ":");
        Document firstUci = records.find(new Document("source", "file:cleveland.data:1")).first();
        assertThat(firstUci.get("heart", Document.class).getString("chestPain")).isEqualTo("TYPICAL_ANGINA");
        assertThat(records.find(new Document("_id", "Observation/body-temperature")).first().getString("source"))
                .startsWith("kafka:" + rawTopic + ":").endsWith("/entry/0");
        assertThat(records.countDocuments()).isEqualTo(10);

        var dead = TopicReader.read(deadLetterTopic, 3, Duration.ofSeconds(30));
        assertThat(dead).hasSize(3);
        Map<String, ConsumerRecord<String, byte[]>> bySource = new java.util.HashMap<>();
        dead.forEach(letter -> bySource.put(TopicReader.header(letter, Names.Header.SOURCE).replaceAll("^kafka:[^:]+:\\d+:\\d+", "kafka"), letter));
        assertThat(bySource).containsOnlyKeys("file:broken.json", "kafka", "kafka/entry/1");
        assertThat(TopicReader.text(bySource.get("file:broken.json"))).isEqualTo("{\"resourceType\":\"Observation\"");
        ConsumerRecord<String, byte[]> wholeMessage = bySource.get("kafka");
        assertThat(wholeMessage.value()).as("the gateway's bytes as they arrived").isEqualTo(LATIN1);
        assertThat(TopicReader.header(wholeMessage, Names.Header.ERROR_MESSAGE)).contains("not valid UTF-8");
        assertThat(TopicReader.header(wholeMessage, Names.Header.REPLAY_TOPIC)).isEqualTo(rawTopic);
        assertThat(TopicReader.header(wholeMessage, Names.Header.REPLAY_KEY)).isEqualTo("Patient/latin1");
        ConsumerRecord<String, byte[]> badEntry = bySource.get("kafka/entry/1");
        assertThat(TopicReader.text(badEntry)).as("the entry's resource as it was sent").isEqualTo(NO_STATUS);
        assertThat(TopicReader.header(badEntry, Names.Header.ERROR_MESSAGE)).isEqualTo("Observation has no status");
        assertThat(TopicReader.header(badEntry, Names.Header.ERROR_ROUTE)).isEqualTo(Names.Route.KAFKA_RAW_INGEST);
        assertThat(meters.get(Names.Counter.NOT_USED).tag("kind", "Patient").counter().count()).isGreaterThanOrEqualTo(1.0);

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.list(fhirInbox.resolve(".done")).count() == 3);
    }

    private static final byte[] LATIN1 = "{\"resourceType\":\"Observation\",\"note\":\"Müller\"}".getBytes(StandardCharsets.ISO_8859_1);
    private static final String NO_STATUS = "{\"resourceType\":\"Observation\",\"id\":\"no-status\"}";
    private static final String RAW_BUNDLE;

    static {
        try {
            RAW_BUNDLE = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
                    + "{\"resource\":" + Files.readString(Path.of("src/test/resources/fhir/body-temperature.json")) + "},"
                    + "{\"resource\":" + NO_STATUS + "},"
                    + "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"example\"}}]}";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String oneLine(String example) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Files.readString(Path.of("src/test/resources/fhir/" + example + ".json"))).toString();
    }

    /** Written under a name the route ignores, then renamed: the route never sees half a file. */
    private static void drop(Path folder, String name, String content) throws Exception {
        Files.createDirectories(folder);
        Path partial = folder.resolve(name + ".partial");
        Files.writeString(partial, content, StandardCharsets.UTF_8);
        Files.move(partial, folder.resolve(name));
    }
}
