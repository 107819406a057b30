package org.vigil.store.access;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The access-matrix beans. Vigil picks this up by component scanning; {@link MongoAccessCommand}
 * starts it alone, without Camel, Kafka or the web server.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MongoAccessProperties.class)
public class MongoAccessConfiguration {

    @Bean
    MongoPasswords mongoPasswords(MongoAccessProperties access) {
        return new MongoPasswords(System::getenv, access.secretsFile());
    }

    @Bean
    MongoAccessProvisioner mongoAccessProvisioner(MongoAccessProperties access, MongoPasswords mongoPasswords) {
        return new MongoAccessProvisioner(access, mongoPasswords);
    }

    @Bean
    MongoInitScript mongoInitScript(MongoAccessProperties access) {
        return new MongoInitScript(access);
    }
}
