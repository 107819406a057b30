package org.vigil.security;

import java.util.List;

/** Where audit entries are kept (MongoDB's {@code vigil.security.audit.collection}, see org.vigil.state). */
public interface AuditTrail {

    void record(AuditEntry entry);

    /** The newest entries first, at most {@code limit}; only {@code who}'s when given. */
    List<AuditEntry> newest(String who, int limit);
}
