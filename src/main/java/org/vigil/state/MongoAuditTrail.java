package org.vigil.state;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.security.AuditEntry;
import org.vigil.security.AuditTrail;

/**
 * The audit trail in its own MongoDB collection ({@code vigil.security.audit.collection}): one
 * document per access, written as it happens, never updated. Vigil's MongoDB role may insert and
 * read here, not delete.
 */
@Component
public class MongoAuditTrail implements AuditTrail {

    private final MongoCollection<Document> entries;

    public MongoAuditTrail(MongoClient mongo, @Value("${vigil.mongodb.database}") String database,
                           @Value("${vigil.security.audit.collection}") String collection) {
        this.entries = mongo.getDatabase(database).getCollection(collection);
        entries.createIndex(Indexes.descending("at"));
        entries.createIndex(Indexes.ascending("who", "at"));
    }

    @Override
    public void record(AuditEntry entry) {
        Document document = new Document("at", Date.from(entry.at()))
                .append("who", entry.who())
                .append("roles", entry.roles())
                .append("action", entry.action().name().toLowerCase(java.util.Locale.ROOT))
                .append("method", entry.method())
                .append("path", entry.path())
                .append("status", entry.status())
                .append("from", entry.from());
        if (entry.query() != null) {
            document.append("query", entry.query());
        }
        if (entry.detail() != null) {
            document.append("detail", entry.detail());
        }
        if (entry.count() != 1) {
            document.append("count", entry.count()).append("lastAt", Date.from(entry.lastAt()));
        }
        entries.insertOne(document);
    }

    @Override
    public List<AuditEntry> newest(String who, int limit) {
        Document filter = who == null || who.isBlank() ? new Document() : new Document("who", who);
        List<AuditEntry> found = new ArrayList<>();
        for (Document document : entries.find(filter).sort(Sorts.descending("at")).limit(limit)) {
            found.add(new AuditEntry(document.getDate("at").toInstant(), document.getString("who"), document.getList("roles", String.class),
                    AuditEntry.Action.valueOf(document.getString("action").toUpperCase(java.util.Locale.ROOT)), document.getString("method"),
                    document.getString("path"), document.getString("query"), document.getInteger("status"), document.getString("from"),
                    document.getString("detail"), document.getInteger("count", 1),
                    document.getDate("lastAt") == null ? null : document.getDate("lastAt").toInstant()));
        }
        return found;
    }
}
