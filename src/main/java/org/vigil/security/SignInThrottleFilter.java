package org.vigil.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sign-ins (the login form's POST, a request with Basic credentials) whose name or address has
 * failed too often lately ({@link SignInThrottle}) are answered 429 with Retry-After before their
 * password is even checked, and counted in the audit trail as {@code SIGN_IN_THROTTLED} with the
 * name tried ({@link AuditTally}: a flood of them is a few entries).
 */
final class SignInThrottleFilter extends OncePerRequestFilter {

    private final SignInThrottle throttle;
    private final AuditTally tally;
    private final RequestMatcher loginForm;

    SignInThrottleFilter(SignInThrottle throttle, AuditTally tally, RequestMatcher loginForm) {
        this.throttle = throttle;
        this.tally = tally;
        this.loginForm = loginForm;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String tried = attemptedName(request);
        String name = tried == null ? null : SignInAudit.cut(tried);
        Optional<Duration> wait = name == null ? Optional.empty() : throttle.waitFor(name, request.getRemoteAddr());
        if (wait.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        tally.add(name, AuditEntry.Action.SIGN_IN_THROTTLED, request.getMethod(), path, 429, request.getRemoteAddr());
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(seconds));
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(("Too many failed sign-ins for this name or from this address: try again in " + seconds + " s.\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The user name a request signs in with: the login form's, or Basic's; null when it signs in with neither. */
    private String attemptedName(HttpServletRequest request) {
        if (loginForm.matches(request)) {
            String name = request.getParameter("username");
            return name == null ? "" : name;
        }
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException notBase64) {
            return null; // Basic's own filter refuses it
        }
    }
}
