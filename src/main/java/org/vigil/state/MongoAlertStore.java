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
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertOneModel;
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
    private static final int DUPLICATE_KEY = 11000;
    /** The unique index that makes a filter on {_id, version} a point lookup on every server. */
    static final String ID_AND_VERSION = "vigil_id_version";

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
        state.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true).name(ID_AND_VERSION));
        alerts.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true).name(ID_AND_VERSION));
        alerts.createIndex(Indexes.ascending("status", "location.ward"));
        alerts.createIndex(Indexes.ascending("patientId"));
        audit.createIndex(Indexes.ascending("alertId", "at"), new IndexOptions());
        nameActiveSpikeScopes();
    }

    /**
     * State written before the active scopes were named in a document of their own: the active
     * spike alerts are found once (the one query of this collection not by key, at the first start
     * only) and named, so that they resolve.
     */
    private void nameActiveSpikeScopes() {
        String condition = org.vigil.alert.SpikeWatch.CONDITION;
        if (state.find(Filters.eq("_id", scopesId(condition))).first() != null) {
            return;
        }
        List<String> active = new ArrayList<>();
        state.find(Filters.and(Filters.eq("condition", condition),
                        Filters.in("alert.status", AlertStatus.OPEN.id(), AlertStatus.ACKNOWLEDGED.id())))
                .projection(Projections.include("_id")).forEach(saved -> active.add(saved.getString("_id")));
        state.replaceOne(Filters.eq("_id", scopesId(condition)), new Document("_id", scopesId(condition)).append(ACTIVE, active), UPSERT);
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
        return load(activeScopeIds(condition));
    }

    private static String scopesId(String condition) {
        return "scopes|" + condition;
    }

    private AlertSlot slot(Document saved) {
        Number commandPartition = (Number) saved.get("commandPartition");
        Number commandOffset = (Number) saved.get("commandOffset");
        return new AlertSlot(saved.getString("patientId"), saved.getString("condition"),
                alert(saved.get("alert", Document.class)), saved.getInteger("partition"), saved.getLong("offset"),
                commandPartition == null ? -1 : commandPartition.intValue(), commandOffset == null ? -1 : commandOffset.longValue(),
                saved.getLong("version"));
    }

    @Override
    public void save(Collection<AlertSlot> slots) {
        if (slots.isEmpty()) {
            return;
        }
        // Optimistic and atomic, by key: a new slot is inserted (a duplicate key: created meanwhile),
        // a changed one replaced only where {_id, version} still holds the version it was loaded at
        // (fewer matched: changed meanwhile). The unique index on {_id, version} makes that filter
        // a point lookup on a server that otherwise scans for any filter but {_id}.
        List<WriteModel<Document>> writes = new ArrayList<>(slots.size());
        int replaces = 0;
        for (AlertSlot slot : slots) {
            Document document = new Document("_id", slot.id()).append("patientId", slot.patientId()).append("condition", slot.condition())
                    .append("alert", document(slot.alert())).append("partition", slot.partition()).append("offset", slot.offset())
                    .append("commandPartition", slot.commandPartition()).append("commandOffset", slot.commandOffset())
                    .append("version", slot.alert().version());
            if (slot.version() == 0) {
                writes.add(new InsertOneModel<>(document));
            } else {
                writes.add(new ReplaceOneModel<>(new Document("_id", slot.id()).append("version", slot.version()), document));
                replaces++;
            }
        }
        try {
            com.mongodb.bulk.BulkWriteResult result = state.bulkWrite(writes, UNORDERED);
            if (result.getMatchedCount() < replaces) {
                throw new AlertStateConflictException((replaces - result.getMatchedCount()) + " alert state(s) changed meanwhile");
            }
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().allMatch(error -> error.getCode() == DUPLICATE_KEY)) {
                throw new AlertStateConflictException("alert state created meanwhile by another writer: " + e.getWriteErrors().size());
            }
            throw e;
        }
    }

    @Override
    public void saveScopes(String condition, Collection<AlertSlot> slots) {
        if (slots.isEmpty()) {
            return;
        }
        // Newly active scopes are named before their state is saved, resolved ones dropped after:
        // a crash in between leaves a name too many (read, found resolved), never an active scope unnamed.
        java.util.Set<String> active = activeScopeIds(condition);
        slots.stream().filter(slot -> slot.alert().status().active()).forEach(slot -> active.add(slot.id()));
        state.replaceOne(Filters.eq("_id", scopesId(condition)), new Document("_id", scopesId(condition)).append(ACTIVE, List.copyOf(active)), UPSERT);
        save(slots);
        slots.stream().filter(slot -> !slot.alert().status().active()).forEach(slot -> active.remove(slot.id()));
        state.replaceOne(Filters.eq("_id", scopesId(condition)), new Document("_id", scopesId(condition)).append(ACTIVE, List.copyOf(active)), UPSERT);
    }

    private java.util.Set<String> activeScopeIds(String condition) {
        Document registry = state.find(Filters.eq("_id", scopesId(condition))).first();
        return new java.util.TreeSet<>(registry == null ? List.of() : registry.getList(ACTIVE, String.class, List.of()));
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
            entries.add(new InsertOneModel<>(entry));
        }
        // Append-only (Vigil's role may not update the audit): an event read again finds its entry
        // there already (duplicate key on its event id), and that entry stands as first written.
        try {
            audit.bulkWrite(entries, UNORDERED);
        } catch (MongoBulkWriteException e) {
            if (!e.getWriteErrors().stream().allMatch(error -> error.getCode() == DUPLICATE_KEY)) {
                throw e;
            }
        }
        // Each alert as it stands, replaced only by a newer version (events read again never set one
        // back): the versions there now are read by _id, then each newer one is written where its
        // {_id, version} is still what was read (a point lookup, as for the state); one another
        // writer changed meanwhile is read and tried again.
        Map<String, Alert> pending = latest;
        for (int attempt = 0; attempt < 5 && !pending.isEmpty(); attempt++) {
            Map<String, Long> stored = new HashMap<>();
            alerts.find(Filters.in("_id", pending.keySet())).projection(Projections.include("version"))
                    .forEach(view -> stored.put(view.getString("_id"), ((Number) view.get("version")).longValue()));
            Map<String, Alert> again = new java.util.LinkedHashMap<>();
            for (Alert alert : pending.values()) {
                Long now = stored.get(alert.alertId());
                if (now != null && alert.version() <= now) {
                    continue; // as new, or newer, there already
                }
                Document view = document(alert).append("_id", alert.alertId());
                try {
                    if (now == null) {
                        alerts.insertOne(view);
                    } else if (alerts.replaceOne(new Document("_id", alert.alertId()).append("version", now), view).getMatchedCount() == 0) {
                        again.put(alert.alertId(), alert);
                    }
                } catch (com.mongodb.MongoWriteException e) {
                    if (e.getError().getCode() != DUPLICATE_KEY) {
                        throw e;
                    }
                    again.put(alert.alertId(), alert);
                }
            }
            pending = again;
        }
        if (!pending.isEmpty()) {
            throw new AlertStateConflictException(pending.size() + " alert view(s) kept changing while being written");
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
