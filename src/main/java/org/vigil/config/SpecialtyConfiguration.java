package org.vigil.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The specialties as one bean, for the engine and for the provisioning tool alike. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({VigilProperties.class, SpecialtyProperties.class})
public class SpecialtyConfiguration {

    @Bean
    public Specialties specialties(VigilProperties vigil, SpecialtyProperties definitions) {
        return Specialties.of(vigil, definitions);
    }
}
