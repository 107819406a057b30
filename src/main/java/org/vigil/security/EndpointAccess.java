package org.vigil.security;

import jakarta.servlet.DispatcherType;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The one table of who may call what. Anything not named here is refused to everyone, so a new
 * endpoint is closed until it is added (SecurityIT fails on an endpoint it does not know).
 *
 * <pre>
 * anyone      GET /actuator/health/**  (probes; details only to operators), the login page
 * gateway     POST /ingest/**, POST /fhir, POST /fhir/**
 * caregiver   /dashboard/**, GET /api/patients/**, GET /api/overview, /api/alerts/** (with acknowledge),
 *             PUT /api/news2/** (a patient's NEWS2 scale)
 * caregiver, operator   GET /api/pipeline/**, GET /api/me, GET /webjars/**
 * operator    /actuator/** (Hawtio, Jolokia, metrics, Prometheus, Camel routes), /api/deadletter/**, GET /api/audit
 * </pre>
 */
public final class EndpointAccess {

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    /** Pages a person opens in a browser: unauthenticated, they are sent to the login page instead of a 401. */
    public static final RequestMatcher PAGES = new OrRequestMatcher(
            PATHS.matcher(HttpMethod.GET, "/dashboard"), PATHS.matcher(HttpMethod.GET, "/dashboard/**"),
            PATHS.matcher(HttpMethod.GET, "/actuator/hawtio"), PATHS.matcher(HttpMethod.GET, "/actuator/hawtio/**"));

    private EndpointAccess() {
    }

    public static void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry access) {
        String gateway = Role.GATEWAY.name();
        String caregiver = Role.CAREGIVER.name();
        String operator = Role.OPERATOR.name();
        access
                // A request already let through, answered with an error page or carried on asynchronously (SSE).
                .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                .requestMatchers(PATHS.matcher(HttpMethod.GET, "/actuator/health"), PATHS.matcher(HttpMethod.GET, "/actuator/health/**")).permitAll()
                .requestMatchers(PATHS.matcher(HttpMethod.POST, "/ingest/**"), PATHS.matcher(HttpMethod.POST, "/fhir"),
                        PATHS.matcher(HttpMethod.POST, "/fhir/**")).hasRole(gateway)
                .requestMatchers(PATHS.matcher(HttpMethod.GET, "/dashboard"), PATHS.matcher(HttpMethod.GET, "/dashboard/**"),
                        PATHS.matcher(HttpMethod.GET, "/api/patients"), PATHS.matcher(HttpMethod.GET, "/api/patients/**"),
                        PATHS.matcher(HttpMethod.GET, "/api/overview"),
                        PATHS.matcher("/api/alerts"), PATHS.matcher("/api/alerts/**"),
                        PATHS.matcher(HttpMethod.PUT, "/api/news2/**")).hasRole(caregiver)
                .requestMatchers(PATHS.matcher(HttpMethod.GET, "/api/pipeline/**"), PATHS.matcher(HttpMethod.GET, "/api/me"),
                        PATHS.matcher(HttpMethod.GET, "/webjars/**")).hasAnyRole(caregiver, operator)
                .requestMatchers(PATHS.matcher("/actuator/**"), PATHS.matcher("/api/deadletter/**"),
                        PATHS.matcher(HttpMethod.GET, "/api/audit")).hasRole(operator)
                .anyRequest().denyAll();
    }
}
