package org.vigil.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.json.JsonParseException;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;
import org.vigil.event.EventFields;

/**
 * Turns a store batch into one unordered bulk write per collection, each document replacing the
 * one with its record id as {@code _id} (upsert), so a redelivered batch rewrites, never adds; a
 * retraction marks the stored record instead ({@link Retractions}).
 * After a write it settles the bulk: written, refused for good (to the dead letter), or still
 * pending because the failure passes (retried by the route).
 */
@Component("mongoBulks")
public class MongoBulks {

    public static final String STORE = "mongodb";
    /** The exchange property in which store-mongodb keeps the bulk being written (see store-mongodb.yaml). */

    /** MongoDB's limit for one document. */
    static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
    /** Below this much JSON a document cannot reach the limit (BSON is at most ~12x its JSON), so it is not measured. */
    private static final int MEASURE_ABOVE_CHARS = MAX_DOCUMENT_BYTES / 12;

    /** Write-error codes that pass: a replica set electing, a server shutting down, a timeout. */
    private static final Set<Integer> TRANSIENT_CODES = Set.of(6, 7, 50, 89, 91, 112, 189, 262, 9001, 10107, 11600,
            11602, 13435, 13436);

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final StoreTargets targets;

    public MongoBulks(StoreTargets targets) {
        this.targets = targets;
    }

    /** One bulk per collection; messages that cannot become a document are refused here already. */
    public List<MongoBulk> byCollection(@Body List<StoredMessage> batch) {
        Map<String, List<MongoBulk.Entry>> entries = new LinkedHashMap<>();
        Map<String, List<StoreRejection>> refused = new LinkedHashMap<>();
        for (StoredMessage message : batch) {
            String collection = targets.collectionFor(message.topic()).orElse(null);
            if (collection == null) {
                continue; // a topic the stores do not keep
            }
            List<MongoBulk.Entry> list = entries.computeIfAbsent(collection, c -> new ArrayList<>());
            try {
                Document document = document(message);
                boolean retraction = Retractions.isRetraction(document);
                if (retraction) {
                    markEarlierInBulk(list, document);
                }
                list.add(new MongoBulk.Entry(message, document, retraction));
            } catch (IllegalArgumentException e) {
                refused.computeIfAbsent(collection, c -> new ArrayList<>())
                        .add(new StoreRejection(message, STORE, collection, e.getMessage()));
            }
        }
        List<MongoBulk> bulks = new ArrayList<>();
        entries.forEach((collection, list) -> bulks.add(new MongoBulk(collection, list, refused.getOrDefault(collection, List.of()))));
        return bulks;
    }

    /**
     * A bulk's writes are unordered: a retraction of a record written in the same bulk must not
     * depend on which runs first, so that record is written already marked.
     */
    private static void markEarlierInBulk(List<MongoBulk.Entry> list, Document retraction) {
        for (int i = list.size() - 1; i >= 0; i--) {
            MongoBulk.Entry earlier = list.get(i);
            if (earlier.document().get("_id").equals(retraction.get("_id"))) {
                if (!earlier.retraction()) {
                    Document marked = new Document(earlier.document());
                    marked.putAll(Retractions.marks(retraction));
                    list.set(i, new MongoBulk.Entry(earlier.message(), marked, false));
                }
                return;
            }
        }
    }

    /** The message as a document with its record id as {@code _id}. */
    static Document document(StoredMessage message) {
        Document document;
        try {
            document = Document.parse(message.value());
        } catch (JsonParseException | org.bson.BsonInvalidOperationException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage());
        }
        Object recordId = document.get(EventFields.RECORD_ID);
        if (!(recordId instanceof String id) || id.isBlank()) {
            throw new IllegalArgumentException("no recordId: cannot store it idempotently");
        }
        document.put("_id", id);
        if (message.value().length() > MEASURE_ABOVE_CHARS) {
            ByteBuffer bson = new RawBsonDocument(document, new DocumentCodec()).getByteBuffer().asNIO();
            if (bson.remaining() > MAX_DOCUMENT_BYTES) {
                throw new IllegalArgumentException("document of " + bson.remaining() + " bytes exceeds MongoDB's "
                        + MAX_DOCUMENT_BYTES + "-byte limit");
            }
        }
        return document;
    }

    /** The write requests for what is still pending. */
    public List<WriteModel<Document>> requests(@ExchangeProperty(Names.Property.MONGO_BULK) MongoBulk bulk) {
        List<WriteModel<Document>> requests = new ArrayList<>(bulk.pending().size());
        for (MongoBulk.Entry entry : bulk.pending()) {
            Document id = new Document("_id", entry.document().get("_id"));
            if (entry.retraction()) {
                // Marks what is stored; a collection that never had the record has nothing to mark.
                requests.add(new UpdateOneModel<>(id, new Document("$set", new Document(Retractions.marks(entry.document())))));
            } else {
                requests.add(new ReplaceOneModel<>(id, entry.document(), UPSERT));
            }
        }
        return requests;
    }

    public void written(@ExchangeProperty(Names.Property.MONGO_BULK) MongoBulk bulk) {
        bulk.settle(bulk.pending().size(), List.of(), List.of());
    }

    /**
     * An unordered bulk write went on past its errors: everything else was written. Errors that
     * pass stay pending (the route retries them); the others are refused for good.
     */
    public void partlyWritten(@ExchangeProperty(Names.Property.MONGO_BULK) MongoBulk bulk,
                              @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception caught) {
        MongoBulkWriteException failure = causeOf(caught);
        List<MongoBulk.Entry> pending = bulk.pending();
        List<MongoBulk.Entry> retry = new ArrayList<>();
        List<StoreRejection> refused = new ArrayList<>();
        for (BulkWriteError error : failure.getWriteErrors()) {
            MongoBulk.Entry entry = pending.get(error.getIndex());
            if (TRANSIENT_CODES.contains(error.getCode())) {
                retry.add(entry);
            } else {
                refused.add(new StoreRejection(entry.message(), STORE, bulk.getCollection(),
                        "MongoDB refused the document for " + bulk.getCollection() + ": E" + error.getCode() + " " + error.getMessage()));
            }
        }
        if (failure.getWriteConcernError() != null) {
            // Written, but not acknowledged by enough members: write everything again.
            retry = pending.stream().filter(entry -> refused.stream().noneMatch(r -> r.message() == entry.message())).toList();
        }
        bulk.settle(pending.size() - retry.size() - refused.size(), refused, retry);
        if (!retry.isEmpty()) {
            throw new StoreUnavailableException(retry.size() + " of " + pending.size() + " documents for "
                    + bulk.getCollection() + " not written yet: " + failure.getMessage());
        }
    }

    private static MongoBulkWriteException causeOf(Throwable caught) {
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof MongoBulkWriteException bulkFailure) {
                return bulkFailure;
            }
        }
        throw new IllegalStateException("not a bulk write failure", caught);
    }
}
