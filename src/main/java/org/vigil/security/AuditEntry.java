package org.vigil.security;

import java.time.Instant;
import java.util.List;

/**
 * One line of the audit trail: who ({@code who}, with the roles they had), did what
 * ({@code action} on {@code method path?query}, answered {@code status}), when, and from where
 * (the client's address as the server saw it; behind a proxy, see server.forward-headers-strategy).
 */
public record AuditEntry(Instant at, String who, List<String> roles, Action action, String method, String path, String query,
                         int status, String from) {

    /** What kind of access it was. */
    public enum Action {
        /** Patient data read: patients, their charts, alerts, the overview. */
        READ,
        /** An alert acknowledged. */
        ACKNOWLEDGE,
        /** Dead letters replayed. */
        REPLAY,
        /** A setting changed: a patient's NEWS2 scale, JMX writes and operations through Jolokia/Hawtio. */
        CONFIGURE,
        /** Refused: no or wrong credentials (401), or not allowed (403). */
        REFUSED,
        /** A person signed in on the login form ({@code who}: the name they signed in with). */
        SIGN_IN,
        /** A sign-in refused, on the form or with Basic ({@code who}: the name that was tried, whether or not it exists). */
        SIGN_IN_REFUSED
    }
}
