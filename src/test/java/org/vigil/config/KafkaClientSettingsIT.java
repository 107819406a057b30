package org.vigil.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.TestCredentials;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Kafka client properties file ({@code vigil.kafka.client-config}) reaches every Kafka client
 * Vigil opens: the Camel component's endpoints and the raw clients (admin, replay). Settings that
 * change nothing on a plaintext broker stand in for TLS/SASL, which the local broker does not speak;
 * the pipeline still publishes through them.
 */
@VigilIntegrationTest("kafkacfg")
@TestPropertySource(properties = "vigil.kafka.client-config=" + KafkaClientSettingsIT.FILE)
class KafkaClientSettingsIT {

    static final String FILE = "target/it-kafka-client.properties";

    static {
        try {
            Files.createDirectories(Path.of(FILE).getParent());
            Files.writeString(Path.of(FILE), "# as an operator writes it\nreconnect.backoff.ms=77\nclient.dns.lookup=use_all_dns_ips\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    CamelContext camel;
    @Autowired
    KafkaClientSettings settings;
    @LocalServerPort
    int port;
    @Autowired
    VigilProperties vigil;

    @Test
    void theFileReachesCamelsEndpointsAndTheRawClients() throws Exception {
        KafkaComponent kafka = camel.getComponent("kafka", KafkaComponent.class);
        assertThat(kafka.getConfiguration().getAdditionalProperties())
                .containsEntry("reconnect.backoff.ms", "77").containsEntry("client.dns.lookup", "use_all_dns_ips");
        assertThat(kafka.getConfiguration().createProducerProperties()).containsEntry("reconnect.backoff.ms", "77");
        assertThat(settings.forClient(java.util.Map.of("client.id", "x")))
                .containsEntry("bootstrap.servers", vigil.kafka().brokers())
                .containsEntry("reconnect.backoff.ms", "77")
                .containsEntry("client.id", "x");

        HttpResponse<String> answer = HttpClient.newHttpClient().send(TestCredentials.asGateway(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/ingest/csv?coding=kaggle")))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("52,1,0,125,212,0,1,168,0,1.0,2,2,3,0\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body()).contains("\"accepted\":1");
        assertThat(TopicReader.read(vigil.kafka().topics().records(), 1, Duration.ofMinutes(1))).hasSize(1);
    }
}
