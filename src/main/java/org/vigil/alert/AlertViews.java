package org.vigil.alert;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What caregivers read of the alerts: each as it stands, and its audit trail. Written from the
 * alerts topic by a consumer of its own (the {@code alert-views} route), never on the lifecycle's
 * path: a slow or stopped view store delays no alert.
 */
public interface AlertViews {

    /**
     * @param activeOnly open and acknowledged ones only
     * @param ward       only those of this ward; null for all
     * @return most severe first, then the most recently changed
     */
    List<Alert> list(boolean activeOnly, String ward, int limit);

    Optional<Alert> find(String alertId);

    /** The alert's audit entries in the order they happened (by version): {eventId, type, at, by, severity, status, reason, recordId}. */
    List<Map<String, Object>> audit(String alertId);

    /**
     * Records a batch of events as published on the alerts topic: one audit entry per event, and
     * each alert as it stands, replaced only by a newer version (an event read again never sets an
     * alert back). Idempotent: an event recorded twice is one entry.
     */
    void record(List<AlertEvent> events);
}
