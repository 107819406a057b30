package org.vigil.monitor;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;
import org.vigil.config.VigilProperties;

/**
 * MongoDB is UP when Vigil's database answers a ping. (Boot's own indicator needs Spring Data
 * MongoDB, which Vigil does not use: Camel talks to the driver directly.)
 */
@Component
public class MongoHealthIndicator extends AbstractHealthIndicator {

    private final MongoClient client;
    private final String database;

    public MongoHealthIndicator(MongoClient client, VigilProperties properties) {
        super("MongoDB health check failed");
        this.client = client;
        this.database = properties.mongodb().database();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document reply = client.getDatabase(database).runCommand(new Document("ping", 1));
        builder.up().withDetail("database", database).withDetail("ping", reply.get("ok"));
    }
}
