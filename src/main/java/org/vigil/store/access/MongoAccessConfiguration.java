package org.vigil.store.access;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.vigil.config.SpecialtyConfiguration;
import org.vigil.config.Specialties;

/**
 * The access-matrix beans: the matrix as declared and as the specialties complete it
 * ({@link AccessMatrix}). Vigil picks this up by component scanning; the provisioning tool
 * ({@code ./vigil provision-mongo}) starts it alone, without Camel, Kafka or the web server.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MongoAccessProperties.class)
@Import(SpecialtyConfiguration.class)
public class MongoAccessConfiguration {

    @Bean
    MongoPasswords mongoPasswords(MongoAccessProperties declared) {
        return new MongoPasswords(System::getenv, declared.secretsFile());
    }

    @Bean
    MongoAccessProvisioner mongoAccessProvisioner(MongoAccessProperties declared, Specialties specialties,
                                                  MongoPasswords mongoPasswords) {
        return new MongoAccessProvisioner(AccessMatrix.effective(declared, specialties), mongoPasswords);
    }

    @Bean
    MongoInitScript mongoInitScript(MongoAccessProperties declared, Specialties specialties) {
        return new MongoInitScript(AccessMatrix.effective(declared, specialties));
    }
}
