package org.vigil.alert;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where the alert state of each patient and rule is kept between batches ({@link AlertSlot}), with
 * what the dashboard reads (each alert as it stands) and the audit trail (each event: who, what,
 * when): the seam between the alert lifecycle and its storage ({@code org.vigil.state}). One read
 * and one write per batch. The state is read afresh for every batch, never cached, so whichever
 * instance consumes a patient's partition (after a restart, a rebalance) continues from what is
 * durable.
 */
public interface AlertStateStore {

    /** The slots of these patients (or spike scopes), by {@link AlertSlot#id()}. */
    Map<String, AlertSlot> load(Collection<String> patientIds);

    /** Every slot of this condition whose alert is open or acknowledged (the spike rule's scopes). */
    Map<String, AlertSlot> active(String condition);

    /**
     * Makes these slots durable, with the alerts as they now stand and one audit entry per event
     * (both idempotent: the same event written twice is one entry). A slot changed by someone else
     * since it was loaded (its version moved on) is not overwritten: {@link AlertStateConflictException}.
     */
    void save(Collection<AlertSlot> slots, List<AlertEvent> events);
}
