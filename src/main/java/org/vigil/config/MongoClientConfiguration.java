package org.vigil.config;

import java.util.concurrent.TimeUnit;

import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The MongoDB client comes from {@code spring.data.mongodb.uri}; this only bounds how long a call waits for a server. */
@Configuration
public class MongoClientConfiguration {

    /** The driver waits 30 s for a server by default, which makes a health check hang while MongoDB is down. */
    @Bean
    MongoClientSettingsBuilderCustomizer vigilServerSelectionTimeout() {
        return settings -> settings.applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS));
    }
}
