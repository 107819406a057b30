package org.vigil.clinical;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.record.ClinicalRecord;
import org.vigil.testsupport.IntegrationTestNames;
import org.vigil.testsupport.KafkaTestClient;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.News2Reference;
import org.vigil.testsupport.RecordJson;
import org.vigil.testsupport.StoreProbe;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilJar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-patient state survives a crash: Vigil (the jar, in its own JVM) classifies a stream of
 * single-parameter vital signs, is killed with SIGKILL mid-stream, and is started again. Every
 * record's NEWS2 on the classified topic, also where a record was classified twice (before the
 * kill, and again after it because its offset was not committed yet), equals what an uninterrupted
 * run over the same input gives (the same window code over the same records in partition order,
 * in this JVM, with no Kafka, no crash). And both stores hold every record exactly once (ids
 * compared), nothing dead-lettered. Prints its counts.
 */
class ClassificationCrashIT {

    private static final ObjectMapper JSON = RecordJson.MAPPER;
    private static final int PATIENTS = 8;
    private static final int MINUTES = 40;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private final Map<String, Object> names = IntegrationTestNames.forTest("crash");
    private final String records = names.get("vigil.kafka.topic-prefix") + "records";
    private final String classified = names.get("vigil.kafka.topic-prefix") + "classified";
    private VigilJar vigil;

    @BeforeAll
    static void services() {
        LocalServices.properties(); // starts them when this is the first test of the run
    }

    @AfterEach
    void stopVigil() throws InterruptedException {
        if (vigil != null) {
            vigil.close();
        }
    }

    @Test
    void aRunKilledMidStreamAndRestartedGivesTheScoresOfAnUninterruptedRun() throws Exception {
        List<ClinicalRecord> input = News2Reference.readings("crash-" + LocalServices.RUN_ID, PATIENTS, MINUTES, 23, 0);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            int half = input.size() / 2;
            for (ClinicalRecord record : input.subList(0, half)) {
                kafka.send(records, record.partitionKey(), JSON.writeValueAsString(record));
            }
            vigil = startVigil(1);
            await("classification under way").atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> kafka.recordsIn(classified) >= half / 3);
            vigil.kill(); // SIGKILL: no shutdown hook, no commit, no flush
            long beforeKill = kafka.recordsIn(classified);
            // The worst moment to die: state and messages written, offsets not committed. Put the
            // group back to the start, so everything classified so far is classified again, with
            // the state that already holds all of it.
            String group = names.get("vigil.kafka.consumer-group") + "-classify";
            await("the killed member left the group").atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .until(() -> kafka.rewindToStart(group, List.of(records)));
            for (ClinicalRecord record : input.subList(half, input.size())) {
                kafka.send(records, record.partitionKey(), JSON.writeValueAsString(record));
            }
            vigil = startVigil(2);
            await("every record classified").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> distinctRecordIds(kafka) >= input.size());
            Set<String> sent = new HashSet<>();
            input.forEach(record -> sent.add(record.recordId()));
            await("both stores hold every record").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> new HashSet<>(StoreProbe.mongoIds(names, "patients_record")).equals(sent)
                            && new HashSet<>(StoreProbe.elasticsearchIds(names, "observations")).equals(sent));
            vigil.close();
            List<String> inMongo = StoreProbe.mongoIds(names, "patients_record");
            List<String> inElasticsearch = StoreProbe.elasticsearchIds(names, "observations");
            long deadLettered = kafka.recordsIn(names.get("vigil.kafka.topic-prefix") + "deadletter");
            System.out.printf("ClassificationCrashIT: %d records in; stored %d in patients_record and %d in observations "
                    + "(%d and %d duplicated), %d dead-lettered%n", input.size(), inMongo.size(), inElasticsearch.size(),
                    inMongo.size() - new HashSet<>(inMongo).size(), inElasticsearch.size() - new HashSet<>(inElasticsearch).size(), deadLettered);
            assertThat(inMongo).as("MongoDB: every record once, also those classified and stored twice").hasSize(sent.size())
                    .containsExactlyInAnyOrderElementsOf(sent);
            assertThat(inElasticsearch).as("Elasticsearch: every record once").hasSize(sent.size())
                    .containsExactlyInAnyOrderElementsOf(sent);
            assertThat(deadLettered).as("nothing of this good input dead-lettered").isZero();

            long messages = kafka.recordsIn(classified);
            Map<String, Set<String>> news2ByRecord = news2OnTheClassifiedTopic(kafka);
            Map<String, String> expected = News2Reference.uninterruptedRun(TopicReader.read(records, (int) kafka.recordsIn(records), Duration.ofSeconds(30)));
            long duplicates = news2ByRecord.values().stream().mapToLong(Set::size).sum();
            System.out.printf("ClassificationCrashIT: %d records in, %d classified before the kill, %d messages on the classified "
                    + "topic for %d records (%d classified twice), %d distinct NEWS2 results%n", input.size(), beforeKill, messages,
                    news2ByRecord.size(), messages - news2ByRecord.size(), duplicates);

            assertThat(news2ByRecord).hasSize(input.size());
            news2ByRecord.forEach((recordId, results) -> assertThat(results)
                    .as("NEWS2 of %s, every time it was classified", recordId)
                    .containsExactly(expected.get(recordId)));
            assertThat(beforeKill).isLessThan(input.size());
            assertThat(messages - news2ByRecord.size()).as("records classified twice").isGreaterThanOrEqualTo(beforeKill);
        }
    }

    private VigilJar startVigil(int run) throws IOException {
        // A killed member leaves the group after this, not Kafka's default 45 s.
        return VigilJar.start(names, Map.of("camel.component.kafka.session-timeout-ms", 10000), "crash-it-vigil-" + run);
    }

    private long distinctRecordIds(KafkaTestClient kafka) throws Exception {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> message : TopicReader.read(classified, (int) kafka.recordsIn(classified), Duration.ofSeconds(30))) {
            ids.add(JSON.readTree(message.value()).get("recordId").asText());
        }
        return ids.size();
    }

    /** Record id → every NEWS2 result it was published with (one, if classification is deterministic). */
    private Map<String, Set<String>> news2OnTheClassifiedTopic(KafkaTestClient kafka) throws Exception {
        Map<String, Set<String>> results = new HashMap<>();
        for (ConsumerRecord<String, byte[]> message : TopicReader.read(classified, (int) kafka.recordsIn(classified), Duration.ofSeconds(30))) {
            JsonNode record = JSON.readTree(message.value());
            results.computeIfAbsent(record.get("recordId").asText(), id -> new HashSet<>()).add(News2Reference.news2(record.get("news2")));
        }
        return results;
    }

}
