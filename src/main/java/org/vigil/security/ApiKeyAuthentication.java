package org.vigil.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * A gateway's {@value ApiKeys#HEADER} header: read by {@link #converter()}, checked against the
 * key hashes by {@link #provider}. A gateway so authenticated has the one role {@link Role#GATEWAY}.
 */
public final class ApiKeyAuthentication {

    private ApiKeyAuthentication() {
    }

    /** The presented key as an unauthenticated token, or null when the request has none. */
    public static AuthenticationConverter converter() {
        return (HttpServletRequest request) -> {
            String key = request.getHeader(ApiKeys.HEADER);
            return key == null ? null : new PreAuthenticatedAuthenticationToken(null, key);
        };
    }

    public static AuthenticationProvider provider(ApiKeys keys) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication presented) {
                String gateway = keys.gatewayOf(String.valueOf(presented.getCredentials()))
                        .orElseThrow(() -> new BadCredentialsException("unknown API key"));
                PreAuthenticatedAuthenticationToken authenticated = new PreAuthenticatedAuthenticationToken(gateway, null,
                        List.of(new SimpleGrantedAuthority("ROLE_" + Role.GATEWAY.name())));
                authenticated.setDetails(presented.getDetails());
                return authenticated;
            }

            @Override
            public boolean supports(Class<?> type) {
                return PreAuthenticatedAuthenticationToken.class.isAssignableFrom(type);
            }
        };
    }
}
