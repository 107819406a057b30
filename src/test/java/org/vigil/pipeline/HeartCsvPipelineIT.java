package org.vigil.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.vigil.testsupport.VigilIntegrationTest;
import org.vigil.testsupport.TestCredentials;
import org.vigil.monitor.PipelineSummary;
import org.vigil.testsupport.StoreProbe;
import org.vigil.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton end to end against real Kafka, MongoDB-protocol server and Elasticsearch:
 * the bundled heart.csv (1025 rows) dropped into the inbox reaches the records topic, MongoDB
 * and Elasticsearch once per row, and nothing is dead-lettered.
 */
@DisableJmx(false)
@AutoConfigureObservability
@VigilIntegrationTest("heart")
class HeartCsvPipelineIT {

    private static final int HEART_CSV_ROWS = 1025;

    @Autowired
    CamelContext camel;
    @Autowired
    MongoClient mongo;
    @Autowired
    ElasticsearchClient elasticsearch;
    @Autowired
    PipelineSummary summary;
    @Autowired
    TestRestTemplate http;

    @Value("${vigil.ingest.csv.inbox}")
    Path inbox;
    @Value("${vigil.kafka.topics.records}")
    String recordsTopic;
    @Value("${vigil.kafka.topics.deadletter}")
    String deadLetterTopic;
    @Value("${vigil.mongodb.collection-prefix}${vigil.mongodb.records-collection}")
    String collection;
    @Value("${vigil.elasticsearch.index-prefix}observations")
    String index;

    @Test
    void heartCsvReachesKafkaMongoAndElasticsearchOncePerRow() throws Exception {

        Files.createDirectories(inbox);
        Files.copy(Path.of("data/heart.csv"), inbox.resolve("heart.csv.tmp"));
        Files.move(inbox.resolve("heart.csv.tmp"), inbox.resolve("heart.csv"));

        MongoCollection<Document> documents = mongo.getDatabase("vigil").getCollection(collection);
        await("1025 documents in MongoDB").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(documents::countDocuments, count -> count >= HEART_CSV_ROWS);
        await("1025 documents in Elasticsearch").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> elasticsearchCount(), count -> count >= HEART_CSV_ROWS);

        List<ConsumerRecord<String, byte[]>> published = TopicReader.read(recordsTopic, HEART_CSV_ROWS, Duration.ofSeconds(30));
        assertThat(published).hasSize(HEART_CSV_ROWS);
        Set<String> lines = published.stream()
                .map(r -> Document.parse(TopicReader.text(r)).getString("source"))
                .collect(Collectors.toSet());
        assertThat(lines).as("one record per data line 2..1026").hasSize(HEART_CSV_ROWS)
                .contains("file:heart.csv:2", "file:heart.csv:1026");

        // First data row of heart.csv: 52,1,0,125,212,0,1,168,0,1,2,2,3,0
        Document first = documents.find(new Document("source", "file:heart.csv:2")).first();
        assertThat(first).isNotNull();
        assertThat(first.get("_id")).isEqualTo(first.get("recordId"));
        Document heart = first.get("heart", Document.class);
        assertThat(heart.get("age", Number.class).intValue()).isEqualTo(52);
        assertThat(heart.get("restingSystolicBp", Number.class).intValue()).isEqualTo(125);
        assertThat(heart.get("stDepression", Number.class).doubleValue()).isEqualTo(1.0);
        // heart.csv codes cp 0 as asymptomatic and target 0 as disease (data/PROVENANCE.md).
        assertThat(heart.getString("chestPain")).isEqualTo("ASYMPTOMATIC");
        assertThat(heart.getBoolean("diseasePresent")).isTrue();
        assertThat(documents.countDocuments()).isEqualTo(HEART_CSV_ROWS);
        assertThat(elasticsearchCount()).isEqualTo(HEART_CSV_ROWS);
        assertThat(elasticsearch.get(g -> g.index(index).id(first.getString("_id")), Map.class).found()).isTrue();

        Map<String, Object> figures = summary.summary();
        assertThat(figures.get("kafka.topic." + deadLetterTopic)).isEqualTo(0L);
        assertThat(figures.get("ingest.csv.rows")).isEqualTo((long) HEART_CSV_ROWS);
        assertThat(figures.get("store.mongodb.documents")).isEqualTo((long) HEART_CSV_ROWS);
        assertThat(figures.get("store.elasticsearch.documents")).isEqualTo((long) HEART_CSV_ROWS);

        assertThat(inbox.resolve(".done")).isDirectoryContaining("glob:**heart.csv");
    }

    private long elasticsearchCount() throws java.io.IOException {
        return StoreProbe.documentsIn(elasticsearch, index);
    }

    @Test
    void healthReportsKafkaMongoAndElasticsearchUp() {
        Map<?, ?> health = operator().getForObject("/actuator/health", Map.class);
        assertThat(health.get("status")).isEqualTo("UP");
        Map<?, ?> components = (Map<?, ?>) health.get("components");
        for (String service : List.of("kafka", "mongo", "elasticsearch")) {
            assertThat(((Map<?, ?>) components.get(service)).get("status")).as(service).isEqualTo("UP");
        }
    }

    @Test
    void prometheusExportsCamelRouteMetricsAndHawtioIsServed() {
        String metrics = operator().getForObject("/actuator/prometheus", String.class);
        assertThat(metrics).contains("camel_exchanges_total").contains("routeId=\"csv-row\"");
        assertThat(operator().getForEntity("/actuator/hawtio/", String.class).getStatusCode().is2xxSuccessful()).isTrue();
        String routes = operator().postForObject("/actuator/jolokia", Map.of("type", "search", "mbean", "org.apache.camel:type=routes,*"), String.class);
        assertThat(routes).contains("mongodb-sink", "elasticsearch-sink", "csv-row");
    }

    /** Health in detail, metrics, Hawtio and Jolokia are for operators. */
    private TestRestTemplate operator() {
        return http.withBasicAuth(TestCredentials.OPERATOR, TestCredentials.PASSWORD);
    }
}
