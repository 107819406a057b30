package org.vigil.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import org.springframework.stereotype.Component;
import org.vigil.config.Prerequisite;
import org.vigil.config.VigilProperties;

/**
 * Creates, before any route writes, the index every collection is read by: a patient's records
 * in time order (a pseudonymising specialty's collection holds pseudonyms instead of patient ids). Creating an
 * index that exists changes nothing, so this runs at every start. A {@link Prerequisite}: tried
 * again until MongoDB takes them (documents written meanwhile are indexed when they are made).
 */
@Component
public class MongoIndexes extends Prerequisite {

    private final MongoClient mongo;
    private final VigilProperties.Mongodb settings;
    private final StoreTargets targets;

    public MongoIndexes(MongoClient mongo, VigilProperties properties, StoreTargets targets) {
        this.mongo = mongo;
        this.settings = properties.mongodb();
        this.targets = targets;
    }

    @Override
    public String name() {
        return "mongodb-indexes";
    }

    @Override
    protected String ensure() {
        MongoDatabase database = mongo.getDatabase(settings.database());
        for (StoreTargets.Collection collection : targets.collections()) {
            database.getCollection(collection.name()).createIndex(Indexes.ascending(collection.patientField(), "effectiveTime"));
        }
        return "indexes on patient and effective time in " + targets.collections().size() + " collections of " + settings.database();
    }
}
