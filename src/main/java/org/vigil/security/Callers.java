package org.vigil.security;

import java.util.List;
import java.util.Locale;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** What the audit trail and GET /api/me say of a caller. */
public final class Callers {

    private Callers() {
    }

    /** The roles an authenticated caller has, as written in configuration ({@code caregiver}). */
    public static List<String> rolesOf(Authentication caller) {
        return caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> authority.substring("ROLE_".length()).toLowerCase(Locale.ROOT)).toList();
    }
}
