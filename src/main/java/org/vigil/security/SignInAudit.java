package org.vigil.security;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.vigil.contract.Names;

/**
 * Sign-ins in the audit trail, from Spring Security's own events: every refused one (the login
 * form's and Basic's, with the name that was tried and where from), and every sign-in on the
 * login form. A Basic request that succeeds is not a sign-in of its own: what it then does is
 * audited like any request ({@link AuditFilter}).
 */
@Component
class SignInAudit {

    private static final Logger LOG = LoggerFactory.getLogger(SignInAudit.class);
    /** Longer names are cut: the trail keeps what was tried, not whatever a prober sends. */
    private static final int MAX_NAME = 100;

    private final AuditTrail trail;
    private final SignInThrottle throttle;
    private final Clock clock = Clock.systemUTC();
    private final Counter failed;

    SignInAudit(AuditTrail trail, SignInThrottle throttle, MeterRegistry meters) {
        this.trail = trail;
        this.throttle = throttle;
        this.failed = meters.counter(Names.Counter.AUDIT_FAILED);
    }

    /** The name as the trail keeps it: longer names are cut. */
    static String cut(String name) {
        String given = name == null ? "" : name;
        return given.length() > MAX_NAME ? given.substring(0, MAX_NAME) : given;
    }

    @EventListener
    public void signedIn(InteractiveAuthenticationSuccessEvent event) {
        record(event.getAuthentication(), AuditEntry.Action.SIGN_IN, Callers.rolesOf(event.getAuthentication()), 302);
    }

    /** Audited, and counted against the name and the address ({@link SignInThrottle}). */
    @EventListener
    public void refused(AbstractAuthenticationFailureEvent event) {
        String from = record(event.getAuthentication(), AuditEntry.Action.SIGN_IN_REFUSED, List.of(), 401);
        throttle.failed(cut(event.getAuthentication().getName()), from);
    }

    /** @return where the sign-in came from */
    private String record(Authentication authentication, AuditEntry.Action action, List<String> roles, int status) {
        String who = cut(authentication.getName());
        HttpServletRequest request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
        String from = authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress()
                : request != null ? request.getRemoteAddr() : null;
        String method = request != null ? request.getMethod() : "";
        String path = request != null ? request.getRequestURI().substring(request.getContextPath().length()) : "";
        try {
            trail.record(new AuditEntry(clock.instant(), who, roles, action, method, path, null, status, from));
        } catch (RuntimeException e) {
            failed.increment();
            LOG.warn("An audit entry ({} by {}) could not be written: {}", action, who, e.toString());
        }
        return from;
    }
}
