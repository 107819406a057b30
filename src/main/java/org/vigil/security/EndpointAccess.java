package org.vigil.security;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The one table of who may call what, and of what the audit trail records of it. The first rule
 * that matches a request decides; anything no rule names is refused to everyone, so a new endpoint
 * is closed until it is added here (SecurityIT fails on an endpoint it does not know), and it is
 * audited as its rule says. Refusals (401, 403) are audited whatever the rule.
 *
 * <pre>
 * anyone      GET /actuator/health/**  (probes; details only to operators), the login page
 * gateway     POST /ingest/**, POST /fhir, POST /fhir/**   (not audited: the records say where they came from)
 * caregiver   /dashboard/**, GET /api/patients/**, GET /api/overview, /api/alerts/** (reads audited),
 *             POST /api/alerts/{id}/acknowledge (audited), PUT /api/news2/** (a patient's NEWS2 scale, audited)
 * caregiver, operator   GET /api/pipeline/**, GET /api/me, GET /webjars/**
 * operator    /actuator/** (Hawtio, Jolokia, metrics, Prometheus, Camel routes; writes audited),
 *             /api/deadletter/** (replays audited), GET /api/audit (audited), GET /api/config,
 *             POST /api/config/** (rollback, pull: audited)
 * </pre>
 */
public final class EndpointAccess {

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();
    private static final Set<Role> ANYONE = EnumSet.noneOf(Role.class);

    /** One row: these requests, the roles that may make them (none: anyone), and what the audit trail records. */
    private record Rule(RequestMatcher requests, Set<Role> roles, Optional<AuditEntry.Action> audited) {
    }

    private static final List<Rule> TABLE = List.of(
            rule(ANYONE, null, get("/actuator/health"), get("/actuator/health/**")),
            rule(EnumSet.of(Role.GATEWAY), null, post("/ingest/**"), post("/fhir"), post("/fhir/**")),
            rule(EnumSet.of(Role.CAREGIVER), AuditEntry.Action.ACKNOWLEDGE, post("/api/alerts/*/acknowledge")),
            rule(EnumSet.of(Role.CAREGIVER), AuditEntry.Action.READ, get("/api/patients"), get("/api/patients/**"),
                    get("/api/overview"), get("/api/alerts"), get("/api/alerts/**")),
            rule(EnumSet.of(Role.CAREGIVER), AuditEntry.Action.CONFIGURE, PATHS.matcher(HttpMethod.PUT, "/api/news2/**")),
            rule(EnumSet.of(Role.CAREGIVER), null, get("/dashboard"), get("/dashboard/**"), any("/api/alerts"), any("/api/alerts/**")),
            rule(EnumSet.of(Role.CAREGIVER, Role.OPERATOR), null, get("/api/pipeline/**"), get("/api/me"), get("/webjars/**")),
            rule(EnumSet.of(Role.OPERATOR), AuditEntry.Action.READ, get("/api/audit")),
            rule(EnumSet.of(Role.OPERATOR), AuditEntry.Action.REPLAY, post("/api/deadletter/**")),
            rule(EnumSet.of(Role.OPERATOR), AuditEntry.Action.CONFIGURE, post("/api/config/**")),
            rule(EnumSet.of(Role.OPERATOR), null, get("/api/config")),
            rule(EnumSet.of(Role.OPERATOR), AuditEntry.Action.CONFIGURE, post("/actuator/**"),
                    PATHS.matcher(HttpMethod.PUT, "/actuator/**"), PATHS.matcher(HttpMethod.DELETE, "/actuator/**")),
            rule(EnumSet.of(Role.OPERATOR), null, any("/actuator/**"), any("/api/deadletter/**")));

    /** Pages a person opens in a browser: unauthenticated, they are sent to the login page instead of a 401. */
    public static final RequestMatcher PAGES = new OrRequestMatcher(
            get("/dashboard"), get("/dashboard/**"), get("/actuator/hawtio"), get("/actuator/hawtio/**"));

    private EndpointAccess() {
    }

    /** The table as Spring Security's authorization rules, in its order, then everything else refused. */
    public static void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry access) {
        // A request already let through, answered with an error page or carried on asynchronously (SSE).
        access.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
        for (Rule rule : TABLE) {
            if (rule.roles().isEmpty()) {
                access.requestMatchers(rule.requests()).permitAll();
            } else {
                access.requestMatchers(rule.requests()).hasAnyRole(rule.roles().stream().map(Role::name).toArray(String[]::new));
            }
        }
        access.anyRequest().denyAll();
    }

    /** What the audit trail records of a request let through, as the first rule that matches it says. */
    static Optional<AuditEntry.Action> auditedAs(HttpServletRequest request) {
        return TABLE.stream().filter(rule -> rule.requests().matches(request)).findFirst().flatMap(Rule::audited);
    }

    private static Rule rule(Set<Role> roles, AuditEntry.Action audited, RequestMatcher... requests) {
        RequestMatcher matcher = requests.length == 1 ? requests[0] : new OrRequestMatcher(Arrays.asList(requests));
        return new Rule(matcher, roles, Optional.ofNullable(audited));
    }

    private static RequestMatcher get(String pattern) {
        return PATHS.matcher(HttpMethod.GET, pattern);
    }

    private static RequestMatcher post(String pattern) {
        return PATHS.matcher(HttpMethod.POST, pattern);
    }

    private static RequestMatcher any(String pattern) {
        return PATHS.matcher(pattern);
    }
}
