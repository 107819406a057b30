package org.vigil.config;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One Kafka admin client for health checks, topic figures and topic creation, connected as every Vigil client is. */
@Configuration
public class KafkaAdminConfiguration {

    @Bean(destroyMethod = "close")
    public Admin kafkaAdmin(KafkaClientSettings kafka) {
        return Admin.create(kafka.forClient(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.CLIENT_ID_CONFIG, "vigil-admin")));
    }
}
