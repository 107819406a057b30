package org.vigil.security;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code vigil.security.*}: who may call Vigil over HTTP, and where their accesses are recorded.
 * Credentials are hashes only; there are none by default (then every endpoint but health answers
 * 401). They come from the environment ({@code VIGIL_SECURITY_USERS_ALICE_PASSWORD},
 * {@code VIGIL_SECURITY_GATEWAYS_WARD4B}...), from {@code credentialsFile}, or both.
 *
 * @param credentialsFile a properties file in the same shape ({@code gateways.<name>=sha256:...},
 *                        {@code users.<name>.password={bcrypt}...}, {@code users.<name>.roles=caregiver});
 *                        blank for none
 * @param gateways        gateway name → the SHA-256 of its API key ({@code sha256:<hex>})
 * @param users           user name → password hash and roles
 * @param audit           the audit trail's collection
 */
@ConfigurationProperties(prefix = "vigil.security")
public record VigilSecurityProperties(String credentialsFile, Map<String, String> gateways, Map<String, User> users, Audit audit) {

    public VigilSecurityProperties {
        gateways = gateways == null ? Map.of() : gateways;
        users = users == null ? Map.of() : users;
    }

    /** @param password {@code {bcrypt}...} or {@code {pbkdf2}...}, never the password itself */
    public record User(String password, List<String> roles) {
    }

    /** @param collection who read, acknowledged, replayed or changed what, when and from where */
    public record Audit(String collection) {
    }
}
