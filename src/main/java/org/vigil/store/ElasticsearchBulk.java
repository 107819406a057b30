package org.vigil.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The index operations of one batch and what became of them. A retry sends only what is still
 * {@link #pending()}: operations indexed or refused for good are settled.
 */
public final class ElasticsearchBulk {

    public record Operation(StoredMessage message, String index, String id, Map<String, Object> document) {
    }

    private List<Operation> pending;
    private final List<StoreRejection> rejections = new ArrayList<>();
    private int indexed;

    ElasticsearchBulk(List<Operation> operations, List<StoreRejection> refusedBeforeIndexing) {
        this.pending = List.copyOf(operations);
        this.rejections.addAll(refusedBeforeIndexing);
    }

    public List<Operation> pending() {
        return pending;
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    public List<StoreRejection> getRejections() {
        return rejections;
    }

    public int getIndexed() {
        return indexed;
    }

    void settle(int newlyIndexed, List<StoreRejection> refused, List<Operation> stillPending) {
        indexed += newlyIndexed;
        rejections.addAll(refused);
        pending = List.copyOf(stillPending);
    }
}
