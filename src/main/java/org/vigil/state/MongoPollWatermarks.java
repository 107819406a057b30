package org.vigil.state;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.ingest.FhirServerPolls;
import org.vigil.ingest.PollWatermarks;

/** Poll watermarks in MongoDB ({@code vigil.ingest.fhir-server.state-collection}), one document per poller. */
@Component
public class MongoPollWatermarks implements PollWatermarks {

    private final MongoCollection<Document> state;

    public MongoPollWatermarks(MongoClient mongo,
                               @Value("${vigil.mongodb.database}") String database,
                               @Value("${vigil.ingest.fhir-server.state-collection}") String collection) {
        this.state = mongo.getDatabase(database).getCollection(collection);
    }

    @Override
    public Optional<FhirServerPolls.Watermark> load(String key) {
        Document saved = state.find(new Document("_id", key)).first();
        return Optional.ofNullable(saved).map(s -> new FhirServerPolls.Watermark(s.getDate("lastUpdated").toInstant(),
                new HashSet<>(s.getList("idsAtLastUpdated", String.class))));
    }

    @Override
    public void save(String key, FhirServerPolls.Watermark watermark) {
        state.replaceOne(new Document("_id", key), new Document("_id", key)
                        .append("lastUpdated", Date.from(watermark.lastUpdated()))
                        .append("idsAtLastUpdated", new ArrayList<>(watermark.idsAtLastUpdated())),
                new ReplaceOptions().upsert(true));
    }
}
