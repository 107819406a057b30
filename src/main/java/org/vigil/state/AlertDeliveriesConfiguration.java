package org.vigil.state;

import com.mongodb.client.MongoClient;
import org.apache.camel.component.mongodb.processor.idempotent.MongoDbIdempotentRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What each notification channel has delivered, in MongoDB (camel-mongodb's idempotent repository,
 * {@code vigil.alerts.collections.delivered}): an alert event is sent once per channel, also when
 * the alerts topic is read again after a restart. An event is remembered once delivered (the
 * routes' idempotent consumers are not eager), so a retry or the dead letter's replay sends it.
 */
@Configuration
public class AlertDeliveriesConfiguration {

    @Bean("alertDeliveries")
    public MongoDbIdempotentRepository alertDeliveries(MongoClient mongo, @Value("${vigil.mongodb.database}") String database,
                                                      @Value("${vigil.alerts.collections.delivered}") String collection) {
        return new MongoDbIdempotentRepository(mongo, collection, database);
    }
}
