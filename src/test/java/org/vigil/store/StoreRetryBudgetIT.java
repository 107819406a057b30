package org.vigil.store;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;
import org.vigil.deadletter.ReplayReport;
import org.vigil.record.ClinicalRecord;
import org.vigil.testsupport.KafkaTestClient;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.StoreProbe;
import org.vigil.testsupport.TestCredentials;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilIntegrationTest;
import org.vigil.testsupport.VitalSignRecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A store down for longer than a site's retry budget (vigil.store.retry.maximum-attempts set, here
 * 3 attempts within about a second): Elasticsearch is stopped while records stream in. What it
 * could not take goes to the dead letter with the reason, the other store (MongoDB) still gets
 * every record, the batches are committed and the pipeline goes on; once Elasticsearch is back, an
 * operator's replay of those dead letters puts every record in it once. Nothing is lost and
 * nothing is doubled.
 */
@VigilIntegrationTest("budget")
@TestPropertySource(properties = {
        "vigil.store.retry.maximum-attempts=3",
        "vigil.store.retry.initial-delay-ms=200",
        "vigil.store.retry.maximum-delay-ms=1000"})
class StoreRetryBudgetIT {

    private static final Logger LOG = LoggerFactory.getLogger(StoreRetryBudgetIT.class);
    private static final int RECORDS = 200;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Autowired
    CamelContext camel;
    @Autowired
    MongoClient mongo;
    @Autowired
    ObjectMapper json;
    @Autowired
    VigilProperties vigil;
    @Autowired
    TestRestTemplate http;
    @Autowired
    org.springframework.core.env.Environment environment;

    @Test
    void whatAStoreDownPastTheRetryBudgetCouldNotTakeIsDeadLetteredAndReplayedOnceItIsBack() throws Exception {
        assumeThat(LocalServices.ownsElasticsearch()).as("stopping Elasticsearch needs the tests' own").isTrue();
        List<ClinicalRecord> records = VitalSignRecords.generate("budget-" + LocalServices.RUN_ID, RECORDS, 20, 13);
        Set<String> sent = records.stream().map(ClinicalRecord::recordId).collect(Collectors.toSet());
        String deadletter = vigil.kafka().topics().deadletter();
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            int half = RECORDS / 2;
            send(kafka, records.subList(0, half));
            awaitStoresCaughtUp(kafka, () -> mongoIds().size() == half);
            assertThat(elasticsearchIds()).hasSize(half);

            Instant stopped = Instant.now();
            LOG.info("Stopping Elasticsearch, for longer than the retry budget");
            LocalServices.stopElasticsearch();
            try {
                send(kafka, records.subList(half, RECORDS));
                // Past the budget the batches are given up for Elasticsearch, written to MongoDB and committed.
                awaitStoresCaughtUp(kafka, () -> mongoIds().size() == RECORDS);
                assertThat(new HashSet<>(mongoIds())).isEqualTo(sent);
            } finally {
                LocalServices.startElasticsearch();
            }
            LOG.info("Elasticsearch is back");

            List<ConsumerRecord<String, byte[]>> deadLetters = TopicReader.read(deadletter, (int) kafka.recordsIn(deadletter), Duration.ofSeconds(30));
            assertThat(deadLetters).as("what Elasticsearch could not take").isNotEmpty()
                    .allSatisfy(d -> assertThat(TopicReader.header(d, Names.Header.ERROR_ROUTE)).isEqualTo("store-elasticsearch"));
            Set<String> deadLettered = new HashSet<>();
            for (ConsumerRecord<String, byte[]> d : deadLetters) {
                deadLettered.add(json.readTree(d.value()).path("recordId").asText());
            }
            assertThat(deadLettered).as("only records sent while it was down").isSubsetOf(records.subList(half, RECORDS).stream()
                    .map(ClinicalRecord::recordId).collect(Collectors.toSet()));
            assertThat(elasticsearchIds()).hasSize(half);

            ReplayReport report = http.withBasicAuth(TestCredentials.OPERATOR, TestCredentials.PASSWORD)
                    .postForObject("/api/deadletter/replay?route=store-elasticsearch&since=" + stopped, null, ReplayReport.class);
            assertThat(report.replayed()).isEqualTo(deadLetters.size());
            assertThat(report.failed()).isZero();
            awaitStoresCaughtUp(kafka, () -> elasticsearchIds().size() >= RECORDS);

            List<String> indexed = elasticsearchIds();
            assertThat(new HashSet<>(indexed)).isEqualTo(sent);
            assertThat(indexed).hasSize(RECORDS);
            assertThat(mongoIds()).hasSize(RECORDS);
            long deadLetteredAfter = kafka.recordsIn(deadletter);
            System.out.printf("StoreRetryBudgetIT: %d records in (%d while Elasticsearch was down past 3 attempts); "
                    + "dead-lettered %d messages (%d records) by store-elasticsearch, replayed %d; stored %d in patients_record "
                    + "and %d in %s (ids compared, no duplicate); dead letters after the replay %d%n",
                    RECORDS, RECORDS - half, deadLetters.size(), deadLettered.size(), report.replayed(), mongoIds().size(),
                    indexed.size(), vigil.elasticsearch().observations(), deadLetteredAfter);
            assertThat(deadLetteredAfter).as("the replay refused nothing").isEqualTo(deadLetters.size());
        }
    }

    private void send(KafkaTestClient kafka, List<ClinicalRecord> records) throws Exception {
        for (ClinicalRecord record : records) {
            kafka.send(vigil.kafka().topics().records(), record.recordId(), json.writeValueAsString(record));
        }
    }

    private void awaitStoresCaughtUp(KafkaTestClient kafka, java.util.concurrent.Callable<Boolean> stored) {
        await("stores caught up").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> {
                    long lag = StoreProbe.storeLag(kafka, camel);
                    boolean done = stored.call();
                    LOG.info("store lag {}, stored {}", lag, done);
                    return lag == 0 && done;
                });
    }

    private List<String> mongoIds() {
        return StoreProbe.mongoIds(names(), "patients_record");
    }

    private List<String> elasticsearchIds() throws Exception {
        return StoreProbe.elasticsearchIds(names(), "observations");
    }

    private java.util.Map<String, Object> names() {
        return java.util.Map.of(
                "vigil.mongodb.collection-prefix", environment.getProperty("vigil.mongodb.collection-prefix", ""),
                "vigil.elasticsearch.index-prefix", environment.getProperty("vigil.elasticsearch.index-prefix", ""));
    }
}
