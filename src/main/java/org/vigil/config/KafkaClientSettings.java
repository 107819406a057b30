package org.vigil.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How every Kafka client Vigil opens connects: the brokers, and the settings of a Kafka client
 * properties file ({@code vigil.kafka.client-config}, env {@code VIGIL_KAFKA_CLIENT_CONFIG}):
 * {@code security.protocol}, {@code ssl.*}, {@code sasl.*} and the like, in the format every
 * Kafka tool reads. The same settings reach the Camel Kafka component (its endpoints'
 * producers and consumers), the admin client, the dead-letter replay consumer, and the gateway
 * simulator ({@code ./vigil simulate} passes the file on), so TLS or SASL is set once.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaClientSettings {

    private final String brokers;
    private final Map<String, Object> connection;

    public KafkaClientSettings(VigilProperties vigil, @Value("${vigil.kafka.client-config:}") String clientConfig) {
        this.brokers = vigil.kafka().brokers();
        this.connection = load(clientConfig);
    }

    /** Settings for a raw client: bootstrap servers, the file's settings, then the client's own. */
    public Map<String, Object> forClient(Map<String, Object> own) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", brokers);
        settings.putAll(connection);
        settings.putAll(own);
        return settings;
    }

    /** The Camel Kafka component gets the same settings for every endpoint. */
    @Bean
    ComponentCustomizer vigilKafkaConnection() {
        return ComponentCustomizer.forType(KafkaComponent.class, kafka -> {
            Map<String, Object> additional = new LinkedHashMap<>(kafka.getConfiguration().getAdditionalProperties());
            additional.putAll(connection);
            kafka.getConfiguration().setAdditionalProperties(additional);
        });
    }

    static Map<String, Object> load(String file) {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (file == null || file.isBlank()) {
            return settings;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(file))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kafka client settings " + file + " (vigil.kafka.client-config)", e);
        }
        properties.stringPropertyNames().stream().sorted().forEach(name -> settings.put(name, properties.getProperty(name)));
        if (settings.containsKey("bootstrap.servers")) {
            throw new IllegalStateException(file + " sets bootstrap.servers; the brokers are vigil.kafka.brokers (VIGIL_KAFKA_BROKERS)");
        }
        return settings;
    }
}
