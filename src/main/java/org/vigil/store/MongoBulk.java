package org.vigil.store;

import java.util.List;

import org.bson.Document;

/** The documents of one batch bound for one collection. */
public final class MongoBulk extends PendingWrites<MongoBulk.Entry> {

    /**
     * @param retraction true when the document only marks a stored record retracted (an update),
     *                   false when it is the whole record (a replacement)
     */
    public record Entry(StoredMessage message, Document document, boolean retraction) {

        public Entry(StoredMessage message, Document document) {
            this(message, document, false);
        }
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
