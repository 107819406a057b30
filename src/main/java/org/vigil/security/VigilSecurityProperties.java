package org.vigil.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
 * @param signIn          how many wrong passwords are tried before sign-ins wait ({@link SignInThrottle})
 */
@ConfigurationProperties(prefix = "vigil.security")
public record VigilSecurityProperties(String credentialsFile, Map<String, String> gateways, Map<String, User> users, Audit audit,
                                      SignIn signIn) {

    public VigilSecurityProperties {
        gateways = gateways == null ? Map.of() : gateways;
        users = users == null ? Map.of() : users;
        signIn = signIn == null ? new SignIn(5, 20, Duration.ofMinutes(1)) : signIn;
    }

    /** @param password {@code {bcrypt}...} or {@code {pbkdf2}...}, never the password itself */
    public record User(String password, List<String> roles) {
    }

    /**
     * @param maxFailuresPerUser   failed sign-ins of one user name in the window after which that
     *                             name waits (the right password included)
     * @param maxFailuresPerSource failed sign-ins from one address in the window after which that
     *                             address waits (behind a proxy, see server.forward-headers-strategy)
     * @param window               how long a failure counts
     */
    public record SignIn(@DefaultValue("5") int maxFailuresPerUser, @DefaultValue("20") int maxFailuresPerSource,
                         @DefaultValue("1m") Duration window) {

        public SignIn {
            if (maxFailuresPerUser < 1 || maxFailuresPerSource < 1 || window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("vigil.security.sign-in: the limits must be at least 1 and the window positive");
            }
        }
    }

    /** @param collection who read, acknowledged, replayed or changed what, when and from where */
    public record Audit(String collection) {
    }
}
