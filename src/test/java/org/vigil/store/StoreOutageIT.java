package org.vigil.store;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.vigil.testsupport.VigilIntegrationTest;
import org.vigil.config.VigilProperties;
import org.vigil.record.ClinicalRecord;
import org.vigil.config.Specialties;
import org.vigil.testsupport.KafkaTestClient;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.StoreProbe;
import org.vigil.testsupport.RestartableMongo;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VitalSignRecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A store outage loses nothing: while records stream in, MongoDB is stopped for 20 s and started
 * again, then Elasticsearch is stopped and started again; at the end both stores hold exactly the
 * records sent, once each, and nothing was dead-lettered. Classification reads MongoDB too (the
 * NEWS2 window), so the outage reaches it as well.
 */
@VigilIntegrationTest("outage")
@TestPropertySource(properties = {
        // Retry often, so the test sees the stores' return soon after it happens.
        "vigil.store.retry.maximum-delay-ms=2000"})
class StoreOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(StoreOutageIT.class);
    private static final int RECORDS = 1800;
    /** Records per second: the stream lasts through both outages. */
    private static final int RATE = 30;
    private static final RestartableMongo MONGO = new RestartableMongo();

    @DynamicPropertySource
    static void restartableMongo(DynamicPropertyRegistry registry) {
        MONGO.start();
        registry.add("spring.data.mongodb.uri", MONGO::uri);
    }

    @Autowired
    CamelContext camel;
    @Autowired
    MongoClient mongo;
    @Autowired
    ElasticsearchClient elasticsearch;
    @Autowired
    ObjectMapper json;
    @Autowired
    VigilProperties vigil;
    @Autowired
    Specialties specialties;
    @org.springframework.beans.factory.annotation.Value("${vigil.kafka.consumer-group}")
    String consumerGroup;

    @Test
    void bothStoresHoldEveryRecordOnceAfterMongoDbAndThenElasticsearchWereDownMidStream() throws Exception {
        assumeThat(LocalServices.ownsElasticsearch()).as("stopping Elasticsearch needs the tests' own").isTrue();
        List<ClinicalRecord> records = VitalSignRecords.generate("outage-" + LocalServices.RUN_ID, RECORDS, 30, 11);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> send(kafka, records));

            await("a first part stored").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> patientsRecord().countDocuments() >= RECORDS / 10);
            LOG.info("Stopping MongoDB for 20 s");
            MONGO.stop();
            long lagAtStop = pipelineLag(kafka);
            await("20 s of MongoDB outage: nothing dead-lettered").during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(30))
                    .until(() -> kafka.recordsIn(vigil.kafka().topics().deadletter()) == 0);
            // Back-pressure: the consumers that need MongoDB (the stores; classification, for its NEWS2
            // state) hold their batch in its retries and read no further, so what arrives meanwhile
            // waits in Kafka (lag), not in Vigil's memory.
            long lagAfterOutage = pipelineLag(kafka);
            long heapMb = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
            System.out.printf("StoreOutageIT: MongoDB down 20 s: classification's and the stores' lag grew from %d to %d messages (waiting in Kafka), "
                    + "heap in use %d MB, 0 dead-lettered%n", lagAtStop, lagAfterOutage, heapMb);
            assertThat(lagAfterOutage).as("the consumer paused: records wait in Kafka").isGreaterThan(lagAtStop);
            MONGO.start();
            LOG.info("MongoDB is back");

            await("MongoDB writes resumed").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> patientsRecord().countDocuments() >= RECORDS / 2);
            LOG.info("Stopping Elasticsearch");
            LocalServices.stopElasticsearch();
            // Each store reads in a group of its own: MongoDB's goes on while Elasticsearch's batch waits in its retries.
            long storedAtStop = patientsRecord().countDocuments();
            await("MongoDB's store goes on while Elasticsearch is down").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> patientsRecord().countDocuments() >= storedAtStop + RATE * 5L);
            await("Elasticsearch outage: nothing dead-lettered").during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20))
                    .until(() -> kafka.recordsIn(vigil.kafka().topics().deadletter()) == 0);
            LocalServices.startElasticsearch();
            LOG.info("Elasticsearch is back");

            stream.get(5, TimeUnit.MINUTES);
            await("stores caught up").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> StoreProbe.storeLag(kafka, camel) == 0 && observations() == RECORDS);

            assertThat(patientsRecord().countDocuments()).isEqualTo(RECORDS);
            assertThat(observations()).isEqualTo(RECORDS);
            MongoDatabase database = mongo.getDatabase(vigil.mongodb().database());
            for (Specialties.Specialty specialty : specialties.all()) {
                String topic = specialty.topic();
                Set<String> sent = new HashSet<>();
                for (ConsumerRecord<String, byte[]> message : TopicReader.read(topic, (int) kafka.recordsIn(topic), Duration.ofSeconds(30))) {
                    sent.add(json.readTree(message.value()).get("recordId").asText());
                }
                assertThat(database.getCollection(specialty.collection()).countDocuments())
                        .as(specialty.name()).isEqualTo(sent.size());
            }
            System.out.printf("StoreOutageIT: %d records in; stored %d in patients_record and %d in %s (no duplicate: ids are document ids); "
                    + "dead-lettered %d%n", RECORDS, patientsRecord().countDocuments(), observations(), vigil.elasticsearch().observations(),
                    kafka.recordsIn(vigil.kafka().topics().deadletter()));
            assertThat(kafka.recordsIn(vigil.kafka().topics().deadletter())).isZero();
        }
    }

    private void send(KafkaTestClient kafka, List<ClinicalRecord> records) {
        long start = System.nanoTime();
        for (int i = 0; i < records.size(); i++) {
            ClinicalRecord record = records.get(i);
            try {
                kafka.send(vigil.kafka().topics().records(), record.recordId(), json.writeValueAsString(record));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            // Paced like a ward's gateways, not as fast as possible.
            long due = start + TimeUnit.SECONDS.toNanos(i + 1) / RATE;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }

    /** What classification and the stores have not yet done: messages waiting in Kafka. */
    private long pipelineLag(KafkaTestClient kafka) throws Exception {
        return kafka.lag(consumerGroup + "-classify", List.of(vigil.kafka().topics().records()))
                + StoreProbe.storeLag(kafka, camel);
    }

    private com.mongodb.client.MongoCollection<org.bson.Document> patientsRecord() {
        return mongo.getDatabase(vigil.mongodb().database()).getCollection(vigil.mongodb().records());
    }

    private long observations() throws java.io.IOException {
        return StoreProbe.documentsIn(elasticsearch, vigil.elasticsearch().observations());
    }

}
