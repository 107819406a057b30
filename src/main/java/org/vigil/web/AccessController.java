package org.vigil.web;

import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.security.AuditEntry;
import org.vigil.security.AuditTrail;
import org.vigil.security.Callers;

/**
 * {@code GET /api/me}: who is signed in, with which roles (the dashboard shows it);
 * {@code GET /api/audit?who=&limit=}: the audit trail's newest entries (operators).
 */
@RestController
public class AccessController {

    private static final int MAX = 1000;

    private final AuditTrail trail;

    public AccessController(AuditTrail trail) {
        this.trail = trail;
    }

    @GetMapping("/api/me")
    public Map<String, Object> me(Authentication authentication) {
        return Map.of("name", authentication.getName(), "roles", Callers.rolesOf(authentication));
    }

    @GetMapping("/api/audit")
    public List<AuditEntry> audit(@RequestParam(name = "who", required = false) String who,
                                  @RequestParam(name = "limit", defaultValue = "100") int limit) {
        return trail.newest(who, Math.max(1, Math.min(limit, MAX)));
    }
}
