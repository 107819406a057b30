package org.vigil.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.alert.Alert;
import org.vigil.alert.AlertEvent;
import org.vigil.alert.AlertSlot;
import org.vigil.alert.AlertStateConflictException;
import org.vigil.alert.AlertStateStore;
import org.vigil.alert.AlertStatus;
import org.vigil.alert.AlertViews;

/**
 * The alerts in MongoDB, three collections ({@code vigil.alerts.collections.*}):
 * <ul>
 * <li>state: one document per patient and rule ({@code _id} = {@link AlertSlot#id()}): the alert it
 * last had, the position of the last record applied, and {@code version}, which a save expects
 * unchanged (optimistic: two writers never overwrite each other); and per situation rule one
 * document ({@code _id} = {@code scopes|<condition>}) naming its active scopes. Read and written
 * by {@code _id} only, so its cost does not grow with what is stored (a MongoDB-protocol server
 * that ignores secondary indexes scans for any other filter);</li>
 * <li>alerts: one document per alert as it stands ({@code _id} = alert id), what the dashboard reads;
 * replaced only by a newer version;</li>
 * <li>audit: one document per event ({@code _id} = event id): who (a caregiver, or Vigil and the
 * rule), what, when.</li>
 * </ul>
 * The alerts and audit collections are written from the alerts topic ({@link #record}); only the
 * dashboard's list and an alert's audit trail query them by other fields (indexed on a real
 * MongoDB), and never on the alert path.
 */
@Component
public class MongoAlertStore implements AlertStateStore, AlertViews {

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);
    /** The ids of a situation rule's active scopes, in one document of the state collection. */
    private static final String ACTIVE = "active";

    private final MongoCollection<Document> state;
    private final MongoCollection<Document> alerts;
    private final MongoCollection<Document> audit;
    private final ObjectMapper json;

    public MongoAlertStore(MongoClient mongo, ObjectMapper json,
                           @Value("${vigil.mongodb.database}") String database,
                           @Value("${vigil.alerts.collections.state}") String stateCollection,
                           @Value("${vigil.alerts.collections.alerts}") String alertsCollection,
                           @Value("${vigil.alerts.collections.audit}") String auditCollection) {
        MongoDatabase db = mongo.getDatabase(database);
        this.state = db.getCollection(stateCollection);
        this.alerts = db.getCollection(alertsCollection);
        this.audit = db.getCollection(auditCollection);
        this.json = json;
        alerts.createIndex(Indexes.ascending("status", "location.ward"));
        alerts.createIndex(Indexes.ascending("patientId"));
        audit.createIndex(Indexes.ascending("alertId", "at"), new IndexOptions());
    }

    @Override
    public Map<String, AlertSlot> load(Collection<String> slotIds) {
        Map<String, AlertSlot> slots = new HashMap<>();
        if (slotIds.isEmpty()) {
            return slots;
        }
        for (Document saved : state.find(Filters.in("_id", slotIds))) {
            AlertSlot slot = slot(saved);
            slots.put(slot.id(), slot);
        }
        return slots;
    }

    @Override
    public Map<String, AlertSlot> activeScopes(String condition) {
        Document registry = state.find(Filters.eq("_id", scopesId(condition))).first();
        List<String> ids = registry == null ? List.of() : registry.getList(ACTIVE, String.class, List.of());
        return load(ids);
    }

    private static String scopesId(String condition) {
        return "scopes|" + condition;
    }

    private AlertSlot slot(Document saved) {
        return new AlertSlot(saved.getString("patientId"), saved.getString("condition"),
                alert(saved.get("alert", Document.class)), saved.getInteger("partition"), saved.getLong("offset"), saved.getLong("version"));
    }

    @Override
    public void save(Collection<AlertSlot> slots) {
        if (slots.isEmpty()) {
            return;
        }
        // Optimistic, by key only: the versions durable now (one point read of the changed slots)
        // must be those the slots were loaded at; then one unordered bulk of replacements by _id.
        Map<String, Long> durable = new HashMap<>();
        state.find(Filters.in("_id", slots.stream().map(AlertSlot::id).toList())).projection(Projections.include("version"))
                .forEach(saved -> durable.put(saved.getString("_id"), saved.getLong("version")));
        List<String> moved = new ArrayList<>();
        List<WriteModel<Document>> writes = new ArrayList<>(slots.size());
        for (AlertSlot slot : slots) {
            long now = durable.getOrDefault(slot.id(), 0L);
            if (now != slot.version()) {
                moved.add(slot.id() + " (loaded at version " + slot.version() + ", now " + now + ")");
                continue;
            }
            Document document = new Document("_id", slot.id()).append("patientId", slot.patientId()).append("condition", slot.condition())
                    .append("alert", document(slot.alert())).append("partition", slot.partition()).append("offset", slot.offset())
                    .append("version", slot.alert().version());
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", slot.id()), document, UPSERT));
        }
        if (!moved.isEmpty()) {
            throw new AlertStateConflictException(moved.size() + " alert state(s) changed meanwhile: " + moved);
        }
        state.bulkWrite(writes, UNORDERED);
    }

    @Override
    public void saveScopes(String condition, Collection<AlertSlot> slots) {
        if (slots.isEmpty()) {
            return;
        }
        save(slots);
        Document registry = state.find(Filters.eq("_id", scopesId(condition))).first();
        java.util.Set<String> active = new java.util.TreeSet<>(registry == null ? List.of() : registry.getList(ACTIVE, String.class, List.of()));
        for (AlertSlot slot : slots) {
            if (slot.alert().status().active()) {
                active.add(slot.id());
            } else {
                active.remove(slot.id());
            }
        }
        state.replaceOne(Filters.eq("_id", scopesId(condition)), new Document("_id", scopesId(condition)).append(ACTIVE, List.copyOf(active)), UPSERT);
    }

    @Override
    public void record(List<AlertEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Map<String, Alert> latest = new java.util.LinkedHashMap<>();
        List<WriteModel<Document>> entries = new ArrayList<>();
        for (AlertEvent event : events) {
            latest.merge(event.alert().alertId(), event.alert(), (a, b) -> b.version() >= a.version() ? b : a);
            Alert alert = event.alert();
            Document entry = new Document("_id", event.eventId()).append("alertId", alert.alertId()).append("patientId", alert.patientId())
                    .append("condition", alert.condition()).append("type", event.type().id()).append("at", Date.from(event.at()))
                    .append("by", event.by() != null ? event.by() : "vigil:rule " + alert.rule())
                    .append("severity", alert.severity().id()).append("status", alert.status().id())
                    .append("reason", alert.reason()).append("recordId", alert.recordId()).append("version", alert.version());
            entries.add(new ReplaceOneModel<>(Filters.eq("_id", event.eventId()), entry, UPSERT));
        }
        audit.bulkWrite(entries, UNORDERED);
        // Each alert as it stands, replaced only by a newer version (events read again never set one
        // back): the versions there now are read by _id, and only newer ones are written, by _id.
        Map<String, Long> stored = new HashMap<>();
        alerts.find(Filters.in("_id", latest.keySet())).projection(Projections.include("version"))
                .forEach(view -> stored.put(view.getString("_id"), ((Number) view.get("version")).longValue()));
        List<WriteModel<Document>> views = new ArrayList<>();
        for (Alert alert : latest.values()) {
            if (alert.version() > stored.getOrDefault(alert.alertId(), 0L)) {
                views.add(new ReplaceOneModel<>(Filters.eq("_id", alert.alertId()), document(alert).append("_id", alert.alertId()), UPSERT));
            }
        }
        if (!views.isEmpty()) {
            alerts.bulkWrite(views, UNORDERED);
        }
    }

    @Override
    public List<Alert> list(boolean activeOnly, String ward, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (activeOnly) {
            filters.add(Filters.in("status", AlertStatus.OPEN.id(), AlertStatus.ACKNOWLEDGED.id()));
        }
        if (ward != null && !ward.isBlank()) {
            filters.add(Filters.eq("location.ward", ward));
        }
        List<Alert> found = new ArrayList<>();
        alerts.find(filters.isEmpty() ? new Document() : Filters.and(filters)).sort(Sorts.descending("updatedAt")).limit(limit)
                .forEach(document -> found.add(alert(document)));
        found.sort(java.util.Comparator.comparing((Alert a) -> a.status() == AlertStatus.RESOLVED)
                .thenComparing(Alert::severity, java.util.Comparator.reverseOrder())
                .thenComparing(Alert::updatedAt, java.util.Comparator.reverseOrder()));
        return found;
    }

    @Override
    public Optional<Alert> find(String alertId) {
        return Optional.ofNullable(alerts.find(Filters.eq("_id", alertId)).first()).map(this::alert);
    }

    @Override
    public List<Map<String, Object>> audit(String alertId) {
        List<Map<String, Object>> entries = new ArrayList<>();
        audit.find(Filters.eq("alertId", alertId)).sort(Sorts.ascending("version")).forEach(entry -> {
            Map<String, Object> copy = new java.util.LinkedHashMap<>(entry);
            copy.put("eventId", copy.remove("_id"));
            copy.computeIfPresent("at", (k, v) -> ((Date) v).toInstant());
            entries.add(copy);
        });
        return entries;
    }

    /** An alert as a document: its JSON, with times as dates so they sort and compare in MongoDB. */
    private Document document(Alert alert) {
        try {
            Document document = Document.parse(json.writeValueAsString(alert));
            for (String time : List.of("effectiveTime", "openedAt", "updatedAt", "acknowledgedAt", "resolvedAt")) {
                Object value = document.get(time);
                if (value instanceof String text) {
                    document.put(time, Date.from(java.time.Instant.parse(text)));
                }
            }
            document.put("version", alert.version());
            return document;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an alert as JSON", e);
        }
    }

    private Alert alert(Document document) {
        Document copy = new Document(document);
        copy.remove("_id");
        for (Map.Entry<String, Object> entry : copy.entrySet()) {
            if (entry.getValue() instanceof Date date) {
                entry.setValue(date.toInstant().toString());
            }
        }
        try {
            return json.readValue(copy.toJson(), Alert.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert in MongoDB cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
