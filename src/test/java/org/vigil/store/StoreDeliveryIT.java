package org.vigil.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;
import org.vigil.deadletter.ReplayReport;
import org.vigil.ingest.HeartCsvCoding;
import org.vigil.record.ClinicalRecord;
import org.vigil.security.ApiKeys;
import org.vigil.config.Specialties;
import org.vigil.testsupport.KafkaTestClient;
import org.vigil.testsupport.TestCredentials;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.StoreProbe;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilIntegrationTest;
import org.vigil.testsupport.VitalSignRecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stores against the real Kafka, MongoDB-protocol server and Elasticsearch 9.2.8: every
 * record once in each store, also after the whole topic is delivered again; a document
 * Elasticsearch refuses goes to the dead letter while the rest of its batch is indexed; and dead
 * letters replayed once their cause is fixed land.
 */
@VigilIntegrationTest("store")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreDeliveryIT {

    private static final int RECORDS = 600;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Autowired
    CamelContext camel;
    @Autowired
    MongoClient mongo;
    @Autowired
    ElasticsearchClient elasticsearch;
    @Autowired
    ObjectMapper json;
    @Autowired
    MeterRegistry meters;
    @Autowired
    TestRestTemplate http;
    @Autowired
    VigilProperties vigil;
    @Autowired
    Specialties specialties;

    /** Made once the test services run; shared by the ordered steps, as is what they expect. */
    private static KafkaTestClient kafka;
    /** Record ids each collection must hold (patients_record: those of the classified topic). */
    private static final Map<String, Set<String>> expected = new LinkedHashMap<>();

    @BeforeEach
    void connectToKafka() {
        if (kafka == null) {
            kafka = new KafkaTestClient();
        }
    }

    @AfterAll
    static void closeKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void eachRecordIsOnceInEachStoreAlsoAfterTheWholeTopicIsDeliveredAgain() throws Exception {
        for (ClinicalRecord record : VitalSignRecords.generate("store-" + LocalServices.RUN_ID, RECORDS, 20, 5)) {
            kafka.send(vigil.kafka().topics().records(), record.recordId(), json.writeValueAsString(record));
        }
        await("classification of " + RECORDS + " records").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> kafka.recordsIn(vigil.kafka().topics().classified()) >= RECORDS);
        awaitStoresCaughtUp();

        // What each collection must hold, read from the topics themselves.
        expected.put(vigil.mongodb().records(), recordIdsIn(vigil.kafka().topics().classified()));
        for (Specialties.Specialty specialty : specialties.all()) {
            expected.put(specialty.collection(), recordIdsIn(specialty.topic()));
        }
        assertThat(expected.get(vigil.mongodb().records())).hasSize(RECORDS);
        assertThat(expected.get(vigil.mongodb().collection("vitals"))).hasSize(RECORDS);
        assertThat(expected.get(vigil.mongodb().collection("emergency"))).as("the generator makes some alarming readings").isNotEmpty();
        long anomalies = anomaliesIn(vigil.kafka().topics().classified());
        assertThat(anomalies).isPositive().isLessThan(RECORDS);
        assertStoresHoldExactlyWhatIsExpected(anomalies);

        // Deliver every topic the stores read once more, from the start.
        double writtenBefore = written();
        long messages = StoreProbe.storeTopics(camel).stream().mapToLong(this::recordsIn).sum();
        StoreProbe.stopStores(camel);
        for (String group : StoreProbe.storeGroups(camel)) {
            await("store group rewound").atMost(Duration.ofMinutes(1)).ignoreExceptions()
                    .until(() -> kafka.rewindToStart(group, StoreProbe.storeTopics(camel)));
        }
        StoreProbe.startStores(camel);
        await("everything written a second time").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> written() >= writtenBefore + messages);
        awaitStoresCaughtUp();

        assertStoresHoldExactlyWhatIsExpected(anomalies);
        assertThat(TopicReader.read(vigil.kafka().topics().deadletter(), 0, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    @Order(2)
    void aDocumentElasticsearchRefusesIsDeadLetteredAndTheRestOfItsBatchIsIndexed() throws Exception {
        String run = LocalServices.RUN_ID;
        String good1 = classified("store-good-1-" + run, 72);
        String bad = classified("store-bad-" + run, "fast");
        String good2 = classified("store-good-2-" + run, 80);
        for (String message : List.of(good1, bad, good2)) {
            kafka.send(vigil.kafka().topics().classified(), "Patient/mapping-" + run, message);
        }

        List<ConsumerRecord<String, byte[]>> deadLetters = TopicReader.read(vigil.kafka().topics().deadletter(), 1, PATIENCE);
        assertThat(deadLetters).hasSize(1);
        ConsumerRecord<String, byte[]> deadLetter = deadLetters.get(0);
        assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).as("the original record").isEqualTo(bad);
        assertThat(TopicReader.header(deadLetter, Names.Header.ERROR_ROUTE)).isEqualTo("store-elasticsearch");
        assertThat(TopicReader.header(deadLetter, Names.Header.ERROR_MESSAGE))
                .contains(vigil.elasticsearch().observations()).contains("vitals.heartRatePerMin");
        assertThat(TopicReader.header(deadLetter, Names.Header.REPLAY_TOPIC)).isEqualTo(vigil.kafka().topics().classified());
        assertThat(TopicReader.header(deadLetter, Names.Header.SOURCE)).startsWith("kafka:" + vigil.kafka().topics().classified() + ":");

        awaitStoresCaughtUp();
        assertThat(indexed(vigil.elasticsearch().observations(), "store-good-1-" + run)).isTrue();
        assertThat(indexed(vigil.elasticsearch().observations(), "store-good-2-" + run)).isTrue();
        assertThat(indexed(vigil.elasticsearch().observations(), "store-bad-" + run)).isFalse();
        assertThat(elasticsearchCount(vigil.elasticsearch().observations())).isEqualTo(RECORDS + 2);
        // MongoDB has no mapping to break: it keeps all three.
        assertThat(records().countDocuments(Filters.in("_id", "store-good-1-" + run, "store-bad-" + run, "store-good-2-" + run)))
                .isEqualTo(3);
    }

    @Test
    @Order(3)
    void deadLettersReplayedOnceTheCauseIsFixedLand() throws Exception {
        String run = LocalServices.RUN_ID;
        String index = vigil.elasticsearch().observations();
        // An operator's classic: the index goes read-only (full disk, maintenance) and writes are refused.
        elasticsearch.indices().putSettings(s -> s.index(index).settings(t -> t.blocks(b -> b.write(true))));
        List<String> ids = List.of("store-blocked-1-" + run, "store-blocked-2-" + run);
        for (String id : ids) {
            kafka.send(vigil.kafka().topics().classified(), "Patient/blocked-" + run, classified(id, 64));
        }
        List<ConsumerRecord<String, byte[]>> deadLetters = TopicReader.read(vigil.kafka().topics().deadletter(), 3, PATIENCE);
        assertThat(deadLetters).hasSize(3);
        assertThat(deadLetters).filteredOn(d -> TopicReader.header(d, Names.Header.ERROR_MESSAGE).contains("cluster_block_exception"))
                .hasSize(2);
        awaitStoresCaughtUp();
        assertThat(ids).noneMatch(id -> indexed(index, id));

        // The cause is fixed; replay what it refused, through the REST endpoint an operator uses.
        elasticsearch.indices().putSettings(s -> s.index(index).settings(t -> t.blocks(b -> b.write(false))));
        ReplayReport report = http.withBasicAuth(TestCredentials.OPERATOR, TestCredentials.PASSWORD).postForObject("/api/deadletter/replay?reason=cluster_block_exception&route=store-", null,
                ReplayReport.class);
        assertThat(report.examined()).isEqualTo(3);
        assertThat(report.matched()).isEqualTo(2);
        assertThat(report.replayed()).isEqualTo(2);
        assertThat(report.failed()).isZero();

        await("replayed records indexed").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> ids.stream().allMatch(id -> indexed(index, id)));
        awaitStoresCaughtUp();
        assertThat(elasticsearchCount(index)).isEqualTo(RECORDS + 4);
        // The replay went through MongoDB too: still one document per record.
        assertThat(records().countDocuments()).isEqualTo(RECORDS + 5);

        // A dead letter whose cause is not fixed is refused again: a new dead letter, nothing lost.
        ReplayReport again = http.withBasicAuth(TestCredentials.OPERATOR, TestCredentials.PASSWORD).postForObject("/api/deadletter/replay?reason=heartRatePerMin", null, ReplayReport.class);
        assertThat(again.matched()).isEqualTo(1);
        assertThat(TopicReader.read(vigil.kafka().topics().deadletter(), 4, PATIENCE)).hasSize(4);
    }

    @Test
    @Order(4)
    void aCsvRowIsReplayedThroughCsvDecodingInItsFilesCoding() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        headers.set(ApiKeys.HEADER, TestCredentials.GATEWAY_KEY);
        String rows = "63,1,1,145,233,1,2,150,0,2.3,3,0,6,0\n63,1,9,145,233,1,2,150,0,2.3,3,0,6,0\n";
        http.postForEntity("/ingest/csv?coding=uci", new HttpEntity<>(rows, headers), String.class);
        List<ConsumerRecord<String, byte[]>> deadLetters = TopicReader.read(vigil.kafka().topics().deadletter(), 5, PATIENCE);
        assertThat(deadLetters).filteredOn(d -> "csv-row".equals(TopicReader.header(d, Names.Header.ERROR_ROUTE)))
                .singleElement().satisfies(d -> assertThat(TopicReader.header(d, Names.Header.CSV_CODING))
                        .as("the file's layout: its coding and columns").isEqualTo("uci;" + String.join(",", HeartCsvCoding.UCI.columns()) + ";"));

        // Its cause (chest-pain code 9) is not fixed: decoded again in UCI coding, refused again, counted as failed.
        ReplayReport report = http.withBasicAuth(TestCredentials.OPERATOR, TestCredentials.PASSWORD).postForObject("/api/deadletter/replay?route=csv-row", null, ReplayReport.class);
        assertThat(report.matched()).isEqualTo(1);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.failures()).singleElement().asString().contains("'cp' has code 9");
        assertThat(TopicReader.read(vigil.kafka().topics().deadletter(), 6, PATIENCE))
                .filteredOn(d -> "csv-row".equals(TopicReader.header(d, Names.Header.ERROR_ROUTE))).hasSize(2);
    }

    /** A classified record as the classify route publishes it, with the given heart rate. */
    private String classified(String recordId, Object heartRate) throws Exception {
        Map<String, Object> vitals = new LinkedHashMap<>();
        vitals.put("systolicMmHg", 120.0);
        vitals.put("heartRatePerMin", heartRate);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("recordId", recordId);
        message.put("source", "test:" + recordId);
        message.put("patientId", "Patient/" + recordId);
        message.put("effectiveTime", "2026-11-30T09:00:00Z");
        message.put("vitals", vitals);
        message.put("findings", List.of());
        message.put("anomalies", List.of());
        message.put("risk", "not scored");
        message.put("specialties", List.of("vitals", "research"));
        return json.writeValueAsString(message);
    }

    private void awaitStoresCaughtUp() {
        await("stores caught up").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> StoreProbe.storeLag(kafka, camel) == 0);
    }

    private void assertStoresHoldExactlyWhatIsExpected(long anomalies) throws Exception {
        MongoDatabase database = mongo.getDatabase(vigil.mongodb().database());
        for (Map.Entry<String, Set<String>> collection : expected.entrySet()) {
            Set<String> ids = new HashSet<>();
            database.getCollection(collection.getKey()).find().forEach(d -> ids.add(d.getString("_id")));
            assertThat(ids).as(collection.getKey()).isEqualTo(collection.getValue());
            assertThat(database.getCollection(collection.getKey()).countDocuments()).as(collection.getKey())
                    .isEqualTo(collection.getValue().size());
        }
        assertThat(elasticsearchCount(vigil.elasticsearch().observations())).isEqualTo(RECORDS);
        assertThat(elasticsearchCount(vigil.elasticsearch().anomalies())).isEqualTo(anomalies);
    }

    private Set<String> recordIdsIn(String topic) {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> message : TopicReader.read(topic, (int) recordsIn(topic), Duration.ofSeconds(30))) {
            ids.add(tree(message).get("recordId").asText());
        }
        return ids;
    }

    /** Records (by id: Kafka delivers at least once, a message may be there twice) with an anomaly. */
    private long anomaliesIn(String classifiedTopic) throws Exception {
        java.util.Set<String> anomalous = new java.util.HashSet<>();
        int messages = (int) kafka.recordsIn(classifiedTopic);
        for (ConsumerRecord<String, byte[]> message : TopicReader.read(classifiedTopic, messages, Duration.ofSeconds(30))) {
            JsonNode record = tree(message);
            if (record.path("anomalies").size() > 0) {
                anomalous.add(record.path("recordId").asText());
            }
        }
        return anomalous.size();
    }

    private JsonNode tree(ConsumerRecord<String, byte[]> message) {
        try {
            return json.readTree(message.value());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long recordsIn(String topic) {
        try {
            return kafka.recordsIn(topic);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private double written() {
        var counter = meters.find("vigil.store.mongodb.written").counter();
        return counter == null ? 0 : counter.count();
    }

    private com.mongodb.client.MongoCollection<org.bson.Document> records() {
        return mongo.getDatabase(vigil.mongodb().database()).getCollection(vigil.mongodb().records());
    }

    private boolean indexed(String index, String id) {
        try {
            return elasticsearch.exists(e -> e.index(index).id(id)).value();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long elasticsearchCount(String index) throws java.io.IOException {
        return StoreProbe.documentsIn(elasticsearch, index);
    }
}
