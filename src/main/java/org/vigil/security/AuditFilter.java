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
 * gateways is not audited here (the records themselves say where they came from). An entry that
 * cannot be written is logged and counted ({@value Names.Counter#AUDIT_FAILED}); the answer stands.
 */
final class AuditFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);

    private final AuditTrail trail;
    private final Clock clock;
    private final Counter failed;

    AuditFilter(AuditTrail trail, Clock clock, MeterRegistry meters) {
        this.trail = trail;
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

    /** A refusal whatever was asked; otherwise what {@link EndpointAccess}'s table says of the request, if anything. */
    static Optional<AuditEntry.Action> actionOf(HttpServletRequest request, int status) {
        if (status == HttpServletResponse.SC_UNAUTHORIZED || status == HttpServletResponse.SC_FORBIDDEN) {
            return Optional.of(AuditEntry.Action.REFUSED);
        }
        return EndpointAccess.auditedAs(request);
    }

    private void record(AuditEntry.Action action, HttpServletRequest request, int status, String detail) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean known = authentication != null && authentication.isAuthenticated() && !(authentication instanceof AnonymousAuthenticationToken);
        String who = known ? authentication.getName() : "anonymous";
        List<String> roles = known ? Callers.rolesOf(authentication) : List.of();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        try {
            trail.record(new AuditEntry(clock.instant(), who, roles, action, request.getMethod(), path, request.getQueryString(),
                    status, request.getRemoteAddr(), detail));
        } catch (RuntimeException e) {
            failed.increment();
            LOG.warn("An audit entry ({} {} by {}) could not be written: {}", action, request.getMethod(), who, e.toString());
        }
    }
}
