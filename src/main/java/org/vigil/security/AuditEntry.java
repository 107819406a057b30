package org.vigil.security;

import java.time.Instant;
import java.util.List;

/**
 * One line of the audit trail: who ({@code who}, with the roles they had), did what
 * ({@code action} on {@code method path?query}, answered {@code status}), when, and from where
 * (the client's address as the server saw it; behind a proxy, see server.forward-headers-strategy),
 * and, where the request's line does not say it, what was done ({@code detail}: for Jolokia, each
 * call's type, MBean and operation or attribute with Jolokia's own status for it). Repeated
 * refusals of anonymous callers and throttled sign-ins are one entry per interval ({@link AuditTally}):
 * {@code count} requests alike, the first {@code at}, the last {@code lastAt}; any other entry is one
 * request ({@code count} 1, {@code lastAt} = {@code at}).
 */
public record AuditEntry(Instant at, String who, List<String> roles, Action action, String method, String path, String query,
                         int status, String from, String detail, int count, Instant lastAt) {

    /** One request. */
    public AuditEntry(Instant at, String who, List<String> roles, Action action, String method, String path, String query,
                      int status, String from, String detail) {
        this(at, who, roles, action, method, path, query, status, from, detail, 1, at);
    }

    /** An entry whose request says all there is to say. */
    public AuditEntry(Instant at, String who, List<String> roles, Action action, String method, String path, String query,
                      int status, String from) {
        this(at, who, roles, action, method, path, query, status, from, null);
    }

    public AuditEntry {
        lastAt = lastAt == null ? at : lastAt;
    }

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
        /** A JMX call through Jolokia (Hawtio's too): reads, operations and writes, each named in {@code detail}. */
        JMX,
        /** A person signed in on the login form ({@code who}: the name they signed in with). */
        SIGN_IN,
        /** A sign-in refused, on the form or with Basic ({@code who}: the name that was tried, whether or not it exists). */
        SIGN_IN_REFUSED,
        /** Sign-ins not tried: too many failures for the name or from the address ({@code who}: the name tried; {@link SignInThrottle}). */
        SIGN_IN_THROTTLED
    }
}
