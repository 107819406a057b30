package org.vigil.alert;

import java.util.Collection;
import java.util.Map;

/**
 * Where the alert state of each patient and rule is made durable between batches ({@link AlertSlot}):
 * the seam between the alert lifecycle and its storage ({@code org.vigil.state}). The lifecycle
 * keeps the state of the patients of the partitions it consumes in memory ({@link AlertEngine}),
 * reads from here only the patients it does not hold yet, and writes here once per batch.
 *
 * <p>Every access is by key ({@link AlertSlot#id()}): a point read or a bulk write, never a query
 * that would read more as more is stored. What caregivers read (each alert as it stands, the audit
 * trail) is written from the alerts topic by its own consumer ({@link AlertViews#record}), not here.
 */
public interface AlertStateStore {

    /** The slots kept under these ids ({@link AlertSlot#id()}); an id with none is absent from the answer. */
    Map<String, AlertSlot> load(Collection<String> slotIds);

    /**
     * Makes these slots durable. A slot whose durable version is no longer the one it was loaded at
     * (changed by another writer meanwhile: the partition moved during a rebalance) is not
     * overwritten: {@link AlertStateConflictException}, and the batch is read again.
     */
    void save(Collection<AlertSlot> slots);

    /** The slots of a situation rule's scopes ({@link SpikeWatch}) whose alert is open or acknowledged. */
    Map<String, AlertSlot> activeScopes(String condition);

    /** Makes a situation rule's changed scopes durable (as {@link #save}) and remembers which are active. */
    void saveScopes(String condition, Collection<AlertSlot> slots);
}
