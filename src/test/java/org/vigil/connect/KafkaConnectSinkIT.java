package org.vigil.connect;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.vigil.testsupport.TopicReader;

import static java.util.stream.Collectors.toMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The committed MongoDB sink configurations in {@code connectors/}, run by a real standalone
 * Kafka Connect worker in its own JVM against a real Kafka broker and a MongoDB-protocol server:
 * every record lands once in its collection with {@code _id} = record id, a redelivered record
 * replaces its document, and a record that is not JSON, or has no record id, goes to the Connect
 * dead-letter topic without stopping the others. Only {@code connection.uri} and the worker's addresses differ
 * from what an operator registers.
 *
 * <p>The tests run in order on one worker: each builds on the records the previous one sent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaConnectSinkIT {

    private static final String RECORDS_TOPIC = "vigil.classified";

    /** Where each topic must land, as the brief for the sinks states it (not read from the configs). */
    private static final Map<String, String> COLLECTIONS = new LinkedHashMap<>();

    static {
        for (String specialty : List.of("cardiology", "emergency", "diabetes", "dyslipidemia", "vitals", "research")) {
            COLLECTIONS.put("vigil." + specialty, specialty);
        }
        COLLECTIONS.put(RECORDS_TOPIC, "patients_record");
    }

    private static final int SPECIALTY_MESSAGES = 5_000;
    private static final int RECORD_MESSAGES = 500;
    private static final int REDELIVER_EVERY = 5;
    private static final String MALFORMED_TOPIC = "vigil.emergency";
    private static final byte[] MALFORMED = "not JSON: {recordId".getBytes(StandardCharsets.UTF_8);
    private static final String WITHOUT_RECORD_ID_TOPIC = "vigil.vitals";
    private static final byte[] WITHOUT_RECORD_ID = "{\"patientId\":\"Patient/p1\",\"version\":1}".getBytes(StandardCharsets.UTF_8);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(3);
    private static final Path CONNECTORS = ConnectWorker.PROJECT.resolve("connectors");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedKafkaKraftBroker kafka;
    private static MongoServer mongoServer;
    private static MongoClient mongo;
    private static KafkaProducer<String, byte[]> producer;
    private static ConnectWorker worker;
    private static String deadLetterTopic;

    /** The messages sent so far, per topic, by record id. */
    private static final Map<String, Map<String, ObjectNode>> sent = new TreeMap<>();

    @BeforeAll
    static void startKafkaMongoAndConnect() throws Exception {
        ConnectWorker.prepare();

        kafka = new EmbeddedKafkaKraftBroker(1, 3, COLLECTIONS.keySet().toArray(String[]::new));
        kafka.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0"));
        kafka.afterPropertiesSet();
        mongoServer = new MongoServer(new MemoryBackend());
        String mongoUri = mongoServer.bindAndGetConnectionString();
        mongo = MongoClients.create(mongoUri);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());

        Path workDir = ConnectWorker.PROJECT.resolve("target/connect-it/" + UUID.randomUUID().toString().substring(0, 8));
        List<CommittedConnectorConfig> sinks = List.of(
                CommittedConnectorConfig.load(CONNECTORS.resolve("mongodb-sink-specialties.json")),
                CommittedConnectorConfig.load(CONNECTORS.resolve("mongodb-sink-patients-record.json")));
        List<Path> files = new ArrayList<>();
        for (CommittedConnectorConfig sink : sinks) {
            files.add(sink.with(Map.of("connection.uri", mongoUri)).writeTo(workDir.resolve("connectors")));
        }
        deadLetterTopic = sinks.get(0).get("errors.deadletterqueue.topic.name");

        worker = new ConnectWorker(workDir);
        worker.start(CONNECTORS.resolve("connect-standalone.properties"), kafka.getBrokersAsString(), files);
        for (CommittedConnectorConfig sink : sinks) {
            worker.awaitRunning(sink.name(), DELIVERY_TIMEOUT);
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
        if (mongo != null) {
            mongo.close();
        }
        if (mongoServer != null) {
            mongoServer.shutdownNow();
        }
        if (kafka != null) {
            kafka.destroy();
        }
    }

    @Test
    @Order(1)
    void everyRecordLandsOnceInItsCollectionUnderItsRecordId() {
        List<String> specialtyTopics = List.copyOf(COLLECTIONS.keySet()).subList(0, 7);
        long started = System.nanoTime();
        for (int i = 0; i < SPECIALTY_MESSAGES; i++) {
            send(specialtyTopics.get(i % specialtyTopics.size()), message("Observation/o" + i + "/_history/1", i, 1));
            if (i == SPECIALTY_MESSAGES / 2) {
                // Halfway through, so that the messages after it show the sink kept going.
                producer.send(new ProducerRecord<>(MALFORMED_TOPIC, "Patient/p0", MALFORMED));
                producer.send(new ProducerRecord<>(WITHOUT_RECORD_ID_TOPIC, "Patient/p1", WITHOUT_RECORD_ID));
            }
        }
        for (int i = 0; i < RECORD_MESSAGES; i++) {
            send(RECORDS_TOPIC, message("file:heart.csv:" + (i + 2), i, 1));
        }
        producer.flush();

        awaitDocumentCounts(expectedCounts());
        System.out.printf("KafkaConnectSinkIT: %d documents in %d collections %.1f s after the first send%n",
                SPECIALTY_MESSAGES + RECORD_MESSAGES, COLLECTIONS.size(), (System.nanoTime() - started) / 1e9);

        assertThat(mongo.getDatabase("vigil").listCollectionNames().into(new ArrayList<>()))
                .as("collections written").containsExactlyInAnyOrderElementsOf(COLLECTIONS.values());
        COLLECTIONS.forEach((topic, collection) -> {
            Map<Object, Object> idToRecordId = collection(collection).find().into(new ArrayList<>()).stream()
                    .collect(toMap(document -> document.get("_id"), document -> document.get("recordId")));
            assertThat(idToRecordId.keySet()).as("_id in %s", collection).allMatch(String.class::isInstance);
            assertThat(idToRecordId).as("_id = recordId in %s", collection).allSatisfy((id, recordId) -> assertThat(id).isEqualTo(recordId));
            assertThat(idToRecordId.keySet()).as("record ids in %s", collection).isEqualTo(sent.get(topic).keySet());
        });
    }

    @Test
    @Order(2)
    void recordsThatCannotBeStoredGoToTheDeadLetterTopicWithTheirContext() {
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(kafka.getBrokersAsString(), deadLetterTopic, 2, DELIVERY_TIMEOUT);
        assertThat(dead).hasSize(2);
        Map<String, ConsumerRecord<String, byte[]>> deadByTopic = dead.stream()
                .collect(toMap(record -> TopicReader.header(record, "__connect.errors.topic"), record -> record));
        assertThat(deadByTopic).containsOnlyKeys(MALFORMED_TOPIC, WITHOUT_RECORD_ID_TOPIC);

        // Not JSON: refused by the worker's converter, before the connector sees it.
        ConsumerRecord<String, byte[]> notJson = deadByTopic.get(MALFORMED_TOPIC);
        assertThat(notJson.value()).isEqualTo(MALFORMED);
        assertThat(notJson.key()).isEqualTo("Patient/p0");
        assertThat(TopicReader.header(notJson, "__connect.errors.connector.name")).isEqualTo("vigil-mongodb-sink-specialties");
        assertThat(TopicReader.header(notJson, "__connect.errors.stage")).isEqualTo("VALUE_CONVERTER");
        assertThat(TopicReader.header(notJson, "__connect.errors.exception.class.name"))
                .isEqualTo("org.apache.kafka.connect.errors.DataException");
        assertThat(TopicReader.header(notJson, "__connect.errors.offset")).isNotBlank();

        // JSON without a record id: refused by the connector, since it would have no _id.
        ConsumerRecord<String, byte[]> noId = deadByTopic.get(WITHOUT_RECORD_ID_TOPIC);
        assertThat(noId.value()).isEqualTo(WITHOUT_RECORD_ID);
        assertThat(TopicReader.header(noId, "__connect.errors.exception.message")).contains("_id");
    }

    @Test
    @Order(3)
    void aRedeliveredRecordReplacesItsDocumentInsteadOfAddingOne() {
        Map<String, Long> before = expectedCounts();
        Map<String, Long> redelivered = new TreeMap<>();
        sent.forEach((topic, messages) -> {
            List<ObjectNode> subset = messages.values().stream()
                    .filter(message -> message.path("sequence").asInt() % REDELIVER_EVERY == 0)
                    .toList();
            subset.forEach(message -> send(topic, message(message.path("recordId").asText(), message.path("sequence").asInt(), 2)));
            redelivered.put(COLLECTIONS.get(topic), (long) subset.size());
        });
        producer.flush();

        await("redelivered versions in MongoDB").atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(worker.isAlive()).as("Connect worker alive (log: %s)", worker.log()).isTrue();
                    assertThat(countPerCollection(Filters.eq("version", 2))).isEqualTo(redelivered);
                });
        assertThat(countPerCollection(Filters.empty())).isEqualTo(before);
    }

    private static ObjectNode message(String recordId, int sequence, int version) {
        ObjectNode message = JSON.createObjectNode()
                .put("recordId", recordId)
                .put("patientId", "Patient/p" + (sequence % 250))
                .put("effectiveTime", "2026-11-24T10:17:13Z")
                .put("age", 40 + sequence % 40)
                .put("sequence", sequence)
                .put("version", version);
        message.putArray("reasons").add("HYPERTENSION");
        return message;
    }

    /** Keyed as Vigil keys them: by patient (the sinks take the document id from the value's recordId). */
    private static void send(String topic, ObjectNode message) {
        String key = message.path("patientId").asText();
        try {
            producer.send(new ProducerRecord<>(topic, key, JSON.writeValueAsBytes(message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        sent.computeIfAbsent(topic, t -> new LinkedHashMap<>()).put(message.path("recordId").asText(), message);
    }

    private static Map<String, Long> expectedCounts() {
        Map<String, Long> counts = new TreeMap<>();
        sent.forEach((topic, messages) -> counts.put(COLLECTIONS.get(topic), (long) messages.size()));
        return counts;
    }

    private static void awaitDocumentCounts(Map<String, Long> expected) {
        await("documents in every collection").atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(worker.isAlive()).as("Connect worker alive (log: %s)", worker.log()).isTrue();
                    assertThat(countPerCollection(Filters.empty())).isEqualTo(expected);
                });
    }

    private static Map<String, Long> countPerCollection(Bson filter) {
        Map<String, Long> counts = new TreeMap<>();
        COLLECTIONS.values().forEach(collection -> counts.put(collection, collection(collection).countDocuments(filter)));
        return counts;
    }

    private static MongoCollection<Document> collection(String name) {
        MongoDatabase database = mongo.getDatabase("vigil");
        return database.getCollection(name);
    }
}
