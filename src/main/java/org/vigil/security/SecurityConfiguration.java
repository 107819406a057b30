package org.vigil.security;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Spring Security for every HTTP endpoint (Camel's platform-http routes, the REST controllers,
 * the actuator, Hawtio and Jolokia): gateways authenticate with an API key
 * ({@value ApiKeys#HEADER}), people with a password (HTTP Basic for scripts, a login form for
 * browsers, then a session). Who may call what is {@link EndpointAccess}. Browsers' state-changing
 * requests and sign-ins carry the CSRF token from the XSRF-TOKEN cookie (the dashboard and Hawtio
 * do; {@link #forgeable}); pages carry a content security policy, a referrer policy and a
 * permissions policy; the cookies are SameSite.
 */
@Configuration
@EnableWebSecurity
@EnableConfigurationProperties(VigilSecurityProperties.class)
public class SecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    public Credentials credentials(VigilSecurityProperties properties) {
        Credentials credentials = Credentials.of(properties);
        if (credentials.apiKeys().size() == 0 && credentials.users().isEmpty()) {
            LOG.warn("No gateway keys and no users are configured: every endpoint but /actuator/health answers 401. "
                    + "See README \"Security\" (./vigil credentials ..., VIGIL_CREDENTIALS_FILE).");
        } else {
            LOG.info("{} gateway key(s) and {} user(s) may call Vigil", credentials.apiKeys().size(), credentials.users().size());
        }
        return credentials;
    }

    @Bean
    public PasswordEncoder passwordEncoder() {
        return Credentials.passwordEncoder();
    }

    @Bean
    public SignInThrottle signInThrottle(VigilSecurityProperties properties) {
        return new SignInThrottle(properties.signIn(), Clock.systemUTC());
    }

    @Bean
    public UserDetailsService users(Credentials credentials) {
        return new InMemoryUserDetailsManager(credentials.users());
    }

    /**
     * After signing in: the page asked for, else caregivers' dashboard, else (operators) Hawtio, on
     * the management port when the actuator has one of its own (the production profile): an
     * operator who signed in on the main port is sent there, and signs in there (its own server).
     */
    static final class LandingPage extends org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler {

        private final org.springframework.core.env.Environment environment;

        LandingPage(org.springframework.core.env.Environment environment) {
            this.environment = environment;
        }

        @Override
        protected String determineTargetUrl(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
                                            org.springframework.security.core.Authentication authentication) {
            if (Callers.rolesOf(authentication).contains(Role.CAREGIVER.configName())) {
                return "/dashboard/";
            }
            return ManagementPortOnly.elsewhere(environment, request)
                    .map(management -> org.springframework.web.util.UriComponentsBuilder.newInstance().scheme(request.getScheme())
                            .host(request.getServerName()).port(management).path("/actuator/hawtio/").toUriString())
                    .orElse("/actuator/hawtio/");
        }
    }

    /**
     * A request another site could make a browser send, which must carry the CSRF token: a
     * state-changing request riding on a live session, whatever other header it also carries (a
     * header is no proof the request was authenticated by it), and every sign-in form post, so that
     * another site cannot sign a browser in to an account of its choosing. Gateways and scripts
     * (an API key or Basic, no session: Vigil gives them none) need no token.
     */
    static boolean forgeable(HttpServletRequest request) {
        String method = request.getMethod();
        boolean safe = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) || "TRACE".equals(method);
        if (safe) {
            return false;
        }
        return LOGIN.matches(request) || request.getRequestedSessionId() != null && request.isRequestedSessionIdValid();
    }

    private static final org.springframework.security.web.util.matcher.RequestMatcher LOGIN =
            org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.withDefaults()
                    .matcher(org.springframework.http.HttpMethod.POST, "/login");

    /**
     * What a browser may load and send for Vigil's own pages and answers: scripts and styles from
     * Vigil only, no plugins, no framing, forms and connections back to Vigil only. Hawtio sets its
     * own policy on its pages (two policies would both apply).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";
    /** Nothing of Vigil's pages needs a device or sensor of the caregiver's browser. */
    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), usb=(), serial=(), bluetooth=(), "
            + "payment=(), clipboard-read=()";

    @Bean
    public SecurityFilterChain vigilSecurity(HttpSecurity http, Credentials credentials, AuditTrail trail, AuditTally tally,
                                             SignInThrottle throttle, MeterRegistry meters,
                                             org.springframework.core.env.Environment environment) throws Exception {
        AuthenticationEntryPoint unauthorized = new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED);
        AuthenticationFilter apiKeys = new AuthenticationFilter(new ProviderManager(ApiKeyAuthentication.provider(credentials.apiKeys())),
                ApiKeyAuthentication.converter());
        apiKeys.setSuccessHandler((request, response, authentication) -> {
        });
        apiKeys.setFailureHandler(new AuthenticationEntryPointFailureHandler(unauthorized));

        // 401 without "WWW-Authenticate: Basic": a browser then never asks for (and keeps) a password
        // it would send with any site's forged request; people sign in on the login page instead.
        CookieCsrfTokenRepository csrfCookie = CookieCsrfTokenRepository.withHttpOnlyFalse();
        csrfCookie.setCookiePath("/");
        // Secure over TLS by default (the request's own scheme); never sent with another site's request.
        csrfCookie.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        // A refused request's address is kept (to return to after signing in) for pages only: a script's
        // or a prober's 401 creates no session.
        org.springframework.security.web.savedrequest.HttpSessionRequestCache pagesOnly =
                new org.springframework.security.web.savedrequest.HttpSessionRequestCache();
        pagesOnly.setRequestMatcher(EndpointAccess.PAGES);
        org.springframework.security.web.util.matcher.RequestMatcher notHawtio =
                new org.springframework.security.web.util.matcher.NegatedRequestMatcher(
                        org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.withDefaults().matcher("/actuator/hawtio/**"));
        return http
                .authorizeHttpRequests(EndpointAccess::apply)
                .addFilterBefore(apiKeys, BasicAuthenticationFilter.class)
                // The production profile's management port is the only one serving /actuator.
                .addFilterBefore(new ManagementPortOnly(environment), org.springframework.security.web.context.SecurityContextHolderFilter.class)
                .addFilterBefore(new AuditFilter(trail, tally, Clock.systemUTC(), meters), CsrfFilter.class)
                // Before any password is checked: a name or address that failed too often waits.
                .addFilterBefore(new SignInThrottleFilter(throttle, tally, LOGIN),
                        org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter.class)
                .httpBasic(httpBasic -> httpBasic.authenticationEntryPoint(unauthorized))
                .formLogin(form -> form.successHandler(new LandingPage(environment)).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout").permitAll())
                // As defaults (not one entry point), so that Spring Security still serves its login page.
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), EndpointAccess.PAGES)
                        .defaultAuthenticationEntryPointFor(unauthorized, AnyRequestMatcher.INSTANCE))
                .requestCache(cache -> cache.requestCache(pagesOnly))
                .headers(headers -> headers
                        .addHeaderWriter(new org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter(notHawtio,
                                new org.springframework.security.web.header.writers.StaticHeadersWriter("Content-Security-Policy", CONTENT_SECURITY_POLICY)))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .addHeaderWriter(new org.springframework.security.web.header.writers.StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY)))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfCookie)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(SecurityConfiguration::forgeable))
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                .build();
    }
}
