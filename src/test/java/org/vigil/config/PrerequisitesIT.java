package org.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.testsupport.IntegrationTestNames;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.TcpRelay;
import org.vigil.testsupport.TestCredentials;
import org.vigil.testsupport.VigilIntegrationTest;

/**
 * Not ready until right: Vigil starts with Elasticsearch unreachable and one of its topics made
 * beforehand with a single partition. Readiness is DOWN and says why; once Elasticsearch comes
 * up, the index template is put without a restart; the short topic stays an error, never used
 * silently, until it is recreated with its partitions, and then Vigil is ready.
 */
@VigilIntegrationTest("prereq")
class PrerequisitesIT {

    private static final String TOPICS = (String) IntegrationTestNames.forTest("prereq").get("vigil.kafka.topic-prefix");
    private static final String INDICES = (String) IntegrationTestNames.forTest("prereq").get("vigil.elasticsearch.index-prefix");
    private static TcpRelay elasticsearchLater;

    @DynamicPropertySource
    static void servicesAsFound(DynamicPropertyRegistry registry) throws Exception {
        URI elasticsearch = URI.create((String) LocalServices.properties().get("spring.elasticsearch.uris"));
        elasticsearchLater = new TcpRelay(elasticsearch.getHost(), elasticsearch.getPort());
        registry.add("spring.elasticsearch.uris", () -> "http://127.0.0.1:" + elasticsearchLater.port());
        registry.add("vigil.prerequisites.retry-ms", () -> 500);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPICS + "classified", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void closeRelay() {
        elasticsearchLater.close();
    }

    @Autowired
    TestRestTemplate http;
    /** Vigil's own client: through the relay, once it is open. */
    @Autowired
    ElasticsearchClient elasticsearch;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void theElasticsearchClientKeepsTheAddressItWasGiven() {
        // A sniffer would swap the configured URI (here the relay; in production an https Service)
        // for the nodes' own http addresses (ElasticsearchSnifferOff).
        assertThat(context.getBeanNamesForType(org.elasticsearch.client.sniff.Sniffer.class)).as("no node sniffer").isEmpty();
    }

    @Test
    void readyOnlyOnceTheTemplateIsPutAndTheTopicsHaveTheirPartitions() throws Exception {
        ResponseEntity<Map> anyone = http.getForEntity("/actuator/health/readiness", Map.class);
        assertThat(anyone.getStatusCode().value()).as("a probe sees not ready").isEqualTo(503);
        assertThat(prerequisite("kafka-topics")).containsEntry("state", "WRONG");
        assertThat((String) prerequisite("kafka-topics").get("detail")).contains(TOPICS + "classified has 1");
        assertThat(prerequisite("elasticsearch-index-template")).containsEntry("state", "PENDING");
        assertThat(prerequisite("mongodb-indexes")).containsEntry("state", "READY");

        elasticsearchLater.open();
        await("the template put once Elasticsearch is there").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(prerequisite("elasticsearch-index-template")).containsEntry("state", "READY"));
        assertThat(elasticsearch.indices().existsIndexTemplate(t -> t.name(INDICES + "template")).value())
                .as("the template is in Elasticsearch").isTrue();
        assertThat(http.getForEntity("/actuator/health/readiness", Map.class).getStatusCode().value())
                .as("still not ready: the short topic is not repaired behind the operator's back").isEqualTo(503);
        assertThat(prerequisite("kafka-topics")).containsEntry("state", "WRONG");

        // The operator recreates the topic (it holds nothing yet); Vigil finds it right by itself.
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(TOPICS + "classified")).all().get(30, TimeUnit.SECONDS);
        }
        await("ready once the topic has its partitions").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(http.getForEntity("/actuator/health/readiness", Map.class).getStatusCode().value()).isEqualTo(200));
        assertThat(prerequisite("kafka-topics")).containsEntry("state", "READY");
    }

    /** One prerequisite's state and reason, as an operator sees them in the readiness details. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> prerequisite(String name) {
        Map<String, Object> readiness = http.withBasicAuth(TestCredentials.OPERATOR, TestCredentials.PASSWORD)
                .getForObject("/actuator/health/readiness", Map.class);
        Map<String, Object> components = (Map<String, Object>) readiness.get("components");
        Map<String, Object> prerequisites = (Map<String, Object>) components.get("prerequisites");
        return (Map<String, Object>) ((Map<String, Object>) prerequisites.get("details")).get(name);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalServices.kafkaBrokers()));
    }
}
