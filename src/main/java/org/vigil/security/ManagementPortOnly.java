package org.vigil.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With the actuator on a port of its own ({@code management.server.port}, the production
 * profile), nothing under {@code /actuator} is served on the main port: 404, whatever a library
 * registers there (Hawtio's pages would be). The operators' surface is then only where the site
 * put it. Without a management port of its own, this does nothing.
 */
final class ManagementPortOnly extends OncePerRequestFilter {

    private final Environment environment;

    ManagementPortOnly(Environment environment) {
        this.environment = environment;
    }

    /** The management port, when the actuator has one of its own and this request did not come in on it. */
    static java.util.Optional<Integer> elsewhere(Environment environment, HttpServletRequest request) {
        Integer management = environment.getProperty("local.management.port", Integer.class);
        return management != null && management > 0 && management != request.getLocalPort() ? java.util.Optional.of(management)
                : java.util.Optional.empty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean actuator = path.equals("/actuator") || path.startsWith("/actuator/");
        if (actuator && elsewhere(environment, request).isPresent()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        chain.doFilter(request, response);
    }
}
