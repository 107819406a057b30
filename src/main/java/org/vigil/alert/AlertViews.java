package org.vigil.alert;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What caregivers read of the alerts: each as it stands, and its audit trail. */
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
}
