package org.vigil.store;

import java.util.List;

import org.bson.Document;

/** The documents of one batch bound for one collection. */
public final class MongoBulk extends PendingWrites<MongoBulk.Entry> {

    public record Entry(StoredMessage message, Document document) {
    }

    private final String collection;

    MongoBulk(String collection, List<Entry> entries, List<StoreRejection> refusedBeforeWriting) {
        super(entries, refusedBeforeWriting);
        this.collection = collection;
    }

    public String getCollection() {
        return collection;
    }
}
