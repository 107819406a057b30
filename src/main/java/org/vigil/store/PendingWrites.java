package org.vigil.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The writes of one batch to one store and what became of them. A retry sends only what is still
 * {@link #pending()}: what was written or refused for good is settled.
 *
 * @param <T> one write: a document for a collection, an index operation
 */
public abstract class PendingWrites<T> {

    private List<T> pending;
    private final List<StoreRejection> rejections = new ArrayList<>();
    private int written;

    PendingWrites(List<T> writes, List<StoreRejection> refusedBeforeWriting) {
        this.pending = List.copyOf(writes);
        this.rejections.addAll(refusedBeforeWriting);
    }

    public List<T> pending() {
        return pending;
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    public List<StoreRejection> getRejections() {
        return rejections;
    }

    public int getWritten() {
        return written;
    }

    void settle(int newlyWritten, List<StoreRejection> refused, List<T> stillPending) {
        written += newlyWritten;
        rejections.addAll(refused);
        pending = List.copyOf(stillPending);
    }
}
