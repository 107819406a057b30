package org.vigil.config;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * No node sniffing for Vigil's Elasticsearch client. camel-elasticsearch brings the sniffer jar,
 * and with it on the class path Spring Boot 3.5 always starts a {@code Sniffer} (there is no
 * setting to turn it off). A sniffer replaces the configured URIs with the nodes' published
 * addresses over plain {@code http}: against a cluster with HTTPS (docs/security.md) that drops
 * TLS, and behind a Kubernetes Service or a load balancer it bypasses them. Vigil talks to the
 * URIs it is given ({@code VIGIL_ELASTICSEARCH_URIS}); list several for failover.
 */
@Configuration(proxyBeanMethods = false)
public class ElasticsearchSnifferOff {

    /** The bean name of Spring Boot's sniffer (ElasticsearchRestClientConfigurations.RestClientSnifferConfiguration). */
    static final String SNIFFER = "elasticsearchSniffer";

    @Bean
    static BeanFactoryPostProcessor noElasticsearchSniffer() {
        return beanFactory -> {
            if (beanFactory instanceof BeanDefinitionRegistry registry && registry.containsBeanDefinition(SNIFFER)) {
                registry.removeBeanDefinition(SNIFFER);
            }
        };
    }
}
