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
 * requests carry the CSRF token from the XSRF-TOKEN cookie (the dashboard and Hawtio do); requests
 * with their own credentials cannot be forged by another site and need none ({@link #forgeable}).
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
    public UserDetailsService users(Credentials credentials) {
        return new InMemoryUserDetailsManager(credentials.users());
    }

    /**
     * After signing in: the page asked for, else caregivers' dashboard, else (operators) Hawtio.
     */
    static final class LandingPage extends org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler {

        @Override
        protected String determineTargetUrl(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
                                            org.springframework.security.core.Authentication authentication) {
            return Callers.rolesOf(authentication).contains(Role.CAREGIVER.configName()) ? "/dashboard/" : "/actuator/hawtio/";
        }
    }

    /**
     * A request another site could make a browser send: a state-changing one riding on a session
     * cookie. A request with an API key or an Authorization header carries its own credentials,
     * which a browser never adds by itself (no Basic prompt is ever offered, see the entry point).
     */
    static boolean forgeable(HttpServletRequest request) {
        String method = request.getMethod();
        boolean safe = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) || "TRACE".equals(method);
        return !safe && request.getRequestedSessionId() != null
                && request.getHeader(ApiKeys.HEADER) == null && request.getHeader("Authorization") == null;
    }

    @Bean
    public SecurityFilterChain vigilSecurity(HttpSecurity http, Credentials credentials, AuditTrail trail, MeterRegistry meters) throws Exception {
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
        return http
                .authorizeHttpRequests(EndpointAccess::apply)
                .addFilterBefore(apiKeys, BasicAuthenticationFilter.class)
                .addFilterBefore(new AuditFilter(trail, Clock.systemUTC(), meters), CsrfFilter.class)
                .httpBasic(httpBasic -> httpBasic.authenticationEntryPoint(unauthorized))
                .formLogin(form -> form.successHandler(new LandingPage()).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout").permitAll())
                // As defaults (not one entry point), so that Spring Security still serves its login page.
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), EndpointAccess.PAGES)
                        .defaultAuthenticationEntryPointFor(unauthorized, AnyRequestMatcher.INSTANCE))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfCookie)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(SecurityConfiguration::forgeable))
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                .build();
    }
}
