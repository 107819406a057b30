package org.vigil.store;

import java.util.List;
import java.util.Map;

/** The index operations of one batch (each names its own index). */
public final class ElasticsearchBulk extends PendingWrites<ElasticsearchBulk.Operation> {

    /**
     * @param partial true for a retraction: the document's fields update the indexed one (if the
     *                index has it) instead of replacing it
     */
    public record Operation(StoredMessage message, String index, String id, Map<String, Object> document, boolean partial) {
    }

    ElasticsearchBulk(List<Operation> operations, List<StoreRejection> refusedBeforeIndexing) {
        super(operations, refusedBeforeIndexing);
    }
}
