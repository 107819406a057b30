package org.vigil.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.vigil.config.VigilProperties;

/**
 * Creates, before any route writes, the index every collection is read by: a patient's records
 * in time order (a pseudonymising specialty's collection holds pseudonyms instead of patient ids). Creating an
 * index that exists changes nothing, so this runs at every start.
 */
@Component
public class MongoIndexes implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(MongoIndexes.class);

    private final MongoClient mongo;
    private final VigilProperties.Mongodb settings;
    private final StoreTargets targets;

    public MongoIndexes(MongoClient mongo, VigilProperties properties, StoreTargets targets) {
        this.mongo = mongo;
        this.settings = properties.mongodb();
        this.targets = targets;
    }

    @Override
    public void afterPropertiesSet() {
        MongoDatabase database = mongo.getDatabase(settings.database());
        try {
            for (StoreTargets.Collection collection : targets.collections()) {
                database.getCollection(collection.name()).createIndex(Indexes.ascending(collection.patientField(), "effectiveTime"));
            }
            LOG.info("MongoDB indexes on patient and effective time are in place in {}", settings.database());
        } catch (RuntimeException e) {
            // Not fatal: MongoDB may come later; the indexes are created at the next start.
            LOG.warn("Could not create MongoDB indexes in {}: {}", settings.database(), e.toString());
        }
    }
}
