package org.vigil.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.clinical.News2.Parameter;
import org.vigil.clinical.PatientVitalsStore;
import org.vigil.clinical.VitalsHistory;
import org.vigil.record.PatientLocation;

/**
 * The NEWS2 readings in MongoDB ({@code vigil.clinical.news2.state-collection}), one document per
 * patient: {@code history}, the readings, moves and SpO2 scale prescriptions in the compact form of
 * {@link HistoryJson}, as BSON binary (a string in histories saved before): each reading's value,
 * time, the partition and offset of its record, its record id, and where it was retracted or
 * replaced. Prescriptions kept before they joined the history, one
 * document each ({@code _id} = {@code prescription|<patient>}), are still read. Every access is by
 * {@code _id}: the patients not held in memory are loaded with one read per batch, and their
 * histories saved with one unordered bulk write.
 */
@Component
public class MongoPatientVitalsStore implements PatientVitalsStore {

    /** The patient's history in its compact form ({@link HistoryJson}). */
    private static final String HISTORY = "history";
    /** Before the compact form: a list of reading documents per parameter (still read). */
    private static final String READINGS = "readings";
    /** Where the patient was moved by the ADT feed: {ward, room, bed, facility, event, since, partition, offset}. */
    private static final String LOCATIONS = "locations";
    private static final String HYPERCAPNIC = "hypercapnicRespiratoryFailure";
    private static final com.mongodb.client.model.ReplaceOptions REPLACE_UPSERT = new com.mongodb.client.model.ReplaceOptions().upsert(true);
    private static final String PRESCRIPTION = "prescription|";
    /** Marks that prescriptions kept on the readings document were moved to their own documents. */
    private static final String MOVED = "prescriptions|moved";
    /** The position given to a prescription kept before prescriptions joined the history: every record has seen it. */
    private static final int EARLIER = -1;

    private final MongoCollection<Document> state;

    public MongoPatientVitalsStore(MongoClient mongo,
                                   @Value("${vigil.mongodb.database}") String database,
                                   @Value("${vigil.clinical.news2.state-collection}") String collection) {
        this.state = mongo.getDatabase(database).getCollection(collection);
        movePrescriptions();
    }

    /**
     * Prescriptions written on the patient's readings document (before they had documents of their
     * own) are moved once, at the first start that finds none moved: the one query of this
     * collection not by key, never on the hot path.
     */
    private void movePrescriptions() {
        if (state.find(Filters.eq("_id", MOVED)).first() != null) {
            return;
        }
        List<String> prescribed = new ArrayList<>();
        state.find(Filters.eq(HYPERCAPNIC, true)).projection(Projections.include("_id")).forEach(document -> {
            String id = document.getString("_id");
            if (id != null && !id.startsWith(PRESCRIPTION)) {
                prescribed.add(id);
            }
        });
        prescribed.forEach(patient -> state.replaceOne(Filters.eq("_id", prescriptionId(patient)),
                new Document("_id", prescriptionId(patient)).append("patientId", patient).append(HYPERCAPNIC, true), REPLACE_UPSERT));
        state.replaceOne(Filters.eq("_id", MOVED), new Document("_id", MOVED).append("moved", prescribed.size()),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }

    @Override
    public Map<String, VitalsHistory> load(Collection<String> patientIds) {
        Map<String, VitalsHistory> histories = new HashMap<>();
        Set<String> prescribed = new HashSet<>();
        // One read by key: the patients' histories, and the prescriptions kept as documents of their
        // own before they joined the history (a patient's history then has none yet).
        List<String> ids = new ArrayList<>(patientIds.size() * 2);
        ids.addAll(patientIds);
        patientIds.forEach(patient -> ids.add(prescriptionId(patient)));
        for (Document saved : state.find(Filters.in("_id", ids)).projection(Projections.include(HISTORY, READINGS, LOCATIONS,
                HYPERCAPNIC, "patientId"))) {
            String id = saved.getString("_id");
            if (id.startsWith(PRESCRIPTION)) {
                if (Boolean.TRUE.equals(saved.getBoolean(HYPERCAPNIC))) {
                    prescribed.add(saved.getString("patientId"));
                }
                continue;
            }
            Object history = saved.get(HISTORY);
            histories.put(id, history instanceof Binary bytes ? HistoryJson.read(bytes.getData())
                    : history instanceof String text ? HistoryJson.read(text) : legacy(saved));
        }
        prescribed.forEach(patient -> {
            VitalsHistory history = histories.computeIfAbsent(patient, p -> new VitalsHistory());
            if (history.prescriptions().isEmpty()) {
                history.prescribe(new VitalsHistory.Prescribed(true, EARLIER, EARLIER));
            }
        });
        return histories;
    }

    /** A history saved before the compact form: a document per reading and per move. */
    private static VitalsHistory legacy(Document saved) {
        Document readings = saved.get(READINGS, Document.class) == null ? new Document() : saved.get(READINGS, Document.class);
        Map<Parameter, List<VitalsHistory.Reading>> byParameter = new EnumMap<>(Parameter.class);
        for (Parameter parameter : Parameter.values()) {
            List<Document> list = readings.getList(parameter.name(), Document.class);
            if (list != null) {
                List<VitalsHistory.Reading> parsed = new ArrayList<>(list.size());
                for (Document reading : list) {
                    parsed.add(new VitalsHistory.Reading(reading.get("value"), reading.getDate("at").toInstant(),
                            reading.getInteger("partition"), reading.getLong("offset"), reading.getString("recordId"),
                            reading.getInteger("supersededPartition"), reading.getLong("supersededOffset")));
                }
                byParameter.put(parameter, parsed);
            }
        }
        List<VitalsHistory.Located> locations = new ArrayList<>();
        List<Document> moves = saved.getList(LOCATIONS, Document.class);
        if (moves != null) {
            for (Document move : moves) {
                locations.add(new VitalsHistory.Located(new PatientLocation(move.getString("ward"), move.getString("room"),
                        move.getString("bed"), move.getString("facility"), move.getString("event"), move.getDate("since").toInstant()),
                        move.getInteger("partition"), move.getLong("offset")));
            }
        }
        return VitalsHistory.of(byParameter, locations);
    }

    @Override
    public void save(Map<String, VitalsHistory> histories) {
        List<WriteModel<Document>> writes = new ArrayList<>(histories.size());
        // The whole history as one compact binary field (HistoryJson): written for every patient of
        // every batch, a document per reading made the driver and the server encode thousands of
        // fields a batch, and a string is encoded a character at a time.
        histories.forEach((patient, history) -> writes.add(new ReplaceOneModel<>(Filters.eq("_id", patient),
                new Document("_id", patient).append(HISTORY, new Binary(HistoryJson.write(history))), REPLACE_UPSERT)));
        if (!writes.isEmpty()) {
            state.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /** The key of a patient's SpO2 scale prescription, beside the patient's readings in the same collection. */
    private static String prescriptionId(String patientId) {
        return PRESCRIPTION + patientId;
    }
}
