package org.vigil.store;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;

/**
 * The documents of one batch bound for one collection, and what became of them. A retry writes
 * only what is still {@link #pending()}: documents written or refused for good are settled.
 */
public final class MongoBulk {

    public record Entry(StoredMessage message, Document document) {
    }

    private final String collection;
    private List<Entry> pending;
    private final List<StoreRejection> rejections = new ArrayList<>();
    private int written;

    MongoBulk(String collection, List<Entry> entries, List<StoreRejection> refusedBeforeWriting) {
        this.collection = collection;
        this.pending = List.copyOf(entries);
        this.rejections.addAll(refusedBeforeWriting);
    }

    public String getCollection() {
        return collection;
    }

    public List<Entry> pending() {
        return pending;
    }

    public List<StoreRejection> getRejections() {
        return rejections;
    }

    public int getWritten() {
        return written;
    }

    void settle(int newlyWritten, List<StoreRejection> refused, List<Entry> stillPending) {
        written += newlyWritten;
        rejections.addAll(refused);
        pending = List.copyOf(stillPending);
    }
}
