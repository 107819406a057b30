package org.vigil.security;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.vigil.contract.Names;

/**
 * Records, once the answer is known, every access the audit trail is for: reads of patient data,
 * acknowledgements, replays, configuration changes (which requests are which: {@link EndpointAccess},
 * the same table that says who may make them), and every refusal (401, 403). It sits inside
 * Spring Security's chain, after the credentials are read, so it knows who asked. Input from
 * gateways is not audited here (the records themselves say where they came from). Anonymous 401s
 * are counted and written once per interval ({@link AuditTally}), not one write each. An entry that
 * cannot be written is logged and counted ({@value Names.Counter#AUDIT_FAILED}); for a read of
 * patient data the answer is then 503 instead of the data, for anything else it stands.
 */
final class AuditFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
    private static final int THROTTLED = 429;

    private final AuditTrail trail;
    private final AuditTally tally;
    private final Clock clock;
    private final Counter failed;

    AuditFilter(AuditTrail trail, AuditTally tally, Clock clock, MeterRegistry meters) {
        this.trail = trail;
        this.tally = tally;
        this.clock = clock;
        this.failed = meters.counter(Names.Counter.AUDIT_FAILED);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (JolokiaCalls.isJolokia(request)) {
            jmx(request, response, chain);
            return;
        }
        if (servesPatientData(request)) {
            read(request, response, chain);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            actionOf(request, response.getStatus()).ifPresent(action -> record(action, request, response.getStatus(), null));
        }
    }

    /**
     * Every JMX call through Jolokia (Hawtio's too), allowed or not, with what it called and
     * Jolokia's answer to each part: the request's and the answer's bodies are kept to say so.
     */
    private void jmx(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        ContentCachingRequestWrapper cachedRequest = new ContentCachingRequestWrapper(request, JolokiaCalls.MAX_REQUEST_BYTES);
        ContentCachingResponseWrapper cachedResponse = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(cachedRequest, cachedResponse);
        } finally {
            int status = cachedResponse.getStatus();
            String detail = JolokiaCalls.describe(request, cachedRequest.getContentAsByteArray(), cachedResponse.getContentAsByteArray());
            cachedResponse.copyBodyToResponse();
            boolean refused = status == HttpServletResponse.SC_UNAUTHORIZED || status == HttpServletResponse.SC_FORBIDDEN;
            record(refused ? AuditEntry.Action.REFUSED : AuditEntry.Action.JMX, request, status, detail);
        }
    }

    /** A read of patient data, answered in full (not a stream: the alert stream is audited as it opens). */
    private static boolean servesPatientData(HttpServletRequest request) {
        return EndpointAccess.auditedAs(request).filter(AuditEntry.Action.READ::equals).isPresent()
                && !request.getRequestURI().endsWith("/stream");
    }

    /**
     * Patient data leaves only with its audit entry written: the answer is held until the entry
     * is, and when it cannot be written the caller gets 503 instead of the data (and the failure
     * is counted). A hospital must be able to say who read what, every time.
     */
    private void read(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        boolean recorded = false;
        try {
            chain.doFilter(request, held);
        } finally {
            int status = held.getStatus();
            recorded = actionOf(request, status).map(action -> record(action, request, status, null)).orElse(true);
            if (!recorded && status < HttpServletResponse.SC_BAD_REQUEST) {
                held.resetBuffer();
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                response.setHeader("Retry-After", "10");
                response.setContentType("application/json");
                // The output stream (the held answer opened it on the response already), not a writer.
                response.getOutputStream().write("{\"error\":\"the audit trail cannot be written now: patient data is not served without it\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                held.copyBodyToResponse();
            }
        }
    }

    /**
     * A refusal whatever was asked; nothing for a throttled sign-in (its filter counts it);
     * otherwise what {@link EndpointAccess}'s table says of the request, if anything.
     */
    static Optional<AuditEntry.Action> actionOf(HttpServletRequest request, int status) {
        if (status == HttpServletResponse.SC_UNAUTHORIZED || status == HttpServletResponse.SC_FORBIDDEN) {
            return Optional.of(AuditEntry.Action.REFUSED);
        }
        if (status == THROTTLED) {
            return Optional.empty();
        }
        return EndpointAccess.auditedAs(request);
    }

    /** @return whether the entry was written */
    private boolean record(AuditEntry.Action action, HttpServletRequest request, int status, String detail) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean known = authentication != null && authentication.isAuthenticated() && !(authentication instanceof AnonymousAuthenticationToken);
        String who = known ? authentication.getName() : "anonymous";
        List<String> roles = known ? Callers.rolesOf(authentication) : List.of();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!known && status == HttpServletResponse.SC_UNAUTHORIZED) {
            // Anyone can send these as fast as they like: counted, written once per interval.
            tally.add(who, action, request.getMethod(), path, status, request.getRemoteAddr());
            return true;
        }
        try {
            trail.record(new AuditEntry(clock.instant(), who, roles, action, request.getMethod(), path, request.getQueryString(),
                    status, request.getRemoteAddr(), detail));
            return true;
        } catch (RuntimeException e) {
            failed.increment();
            LOG.warn("An audit entry ({} {} by {}) could not be written: {}", action, request.getMethod(), who, e.toString());
            return false;
        }
    }
}
