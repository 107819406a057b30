package org.vigil.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialsTest {

    private static final String HASH = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("s3cret-enough");

    @Test
    void gatewaysAndUsersComeFromTheEnvironmentAndTheFileTogether(@TempDir Path dir) throws Exception {
        String key = ApiKeys.newKey();
        Path file = dir.resolve("credentials.properties");
        Files.writeString(file, "gateways.ward-4b=" + ApiKeys.hash(key) + "\n"
                + "users.alice.password=" + HASH + "\nusers.alice.roles=caregiver,operator\n");
        Credentials credentials = Credentials.of(new VigilSecurityProperties(file.toString(),
                Map.of("lab", ApiKeys.hash("another-key")), Map.of("bob", new VigilSecurityProperties.User(HASH, List.of("caregiver"))), null, null));

        assertThat(credentials.apiKeys().gatewayOf(key)).contains("ward-4b");
        assertThat(credentials.apiKeys().gatewayOf("another-key")).contains("lab");
        assertThat(credentials.apiKeys().gatewayOf(key + "x")).isEmpty();
        assertThat(credentials.apiKeys().gatewayOf("")).isEmpty();
        assertThat(credentials.users()).extracting(user -> user.getUsername()).containsExactlyInAnyOrder("alice", "bob");
        assertThat(credentials.users().stream().filter(u -> u.getUsername().equals("alice")).findFirst().orElseThrow().getAuthorities())
                .extracting(GrantedAuthority::getAuthority).containsExactlyInAnyOrder("ROLE_CAREGIVER", "ROLE_OPERATOR");
        assertThat(Credentials.passwordEncoder().matches("s3cret-enough", HASH)).isTrue();
        assertThat(Credentials.passwordEncoder().matches("s3cret-enougH", HASH)).isFalse();
    }

    @Test
    void noCredentialsIsNobody() {
        Credentials credentials = Credentials.of(new VigilSecurityProperties("", null, null, null, null));
        assertThat(credentials.apiKeys().size()).isZero();
        assertThat(credentials.users()).isEmpty();
    }

    @Test
    void aSecretInClearIsRefused() {
        assertThatThrownBy(() -> users(Map.of("alice", new VigilSecurityProperties.User("s3cret", List.of("caregiver")))))
                .hasMessageContaining("user 'alice'").hasMessageContaining("as its hash");
        assertThatThrownBy(() -> users(Map.of("alice", new VigilSecurityProperties.User("{noop}s3cret", List.of("caregiver")))))
                .hasMessageContaining("as its hash");
        assertThatThrownBy(() -> Credentials.of(new VigilSecurityProperties(null, Map.of("ward", "the-key-itself"), null, null, null)))
                .hasMessageContaining("gateway 'ward'").hasMessageContaining("sha256:");
    }

    @Test
    void rolesAreKnownAndAGatewayIsNoUser() {
        assertThatThrownBy(() -> users(Map.of("alice", new VigilSecurityProperties.User(HASH, List.of("admin")))))
                .hasMessageContaining("unknown role 'admin'");
        assertThatThrownBy(() -> users(Map.of("alice", new VigilSecurityProperties.User(HASH, List.of()))))
                .hasMessageContaining("no role");
        assertThatThrownBy(() -> users(Map.of("alice", new VigilSecurityProperties.User(HASH, List.of("gateway")))))
                .hasMessageContaining("API key");
    }

    @Test
    void aNameDefinedTwiceIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("credentials.properties");
        Files.writeString(file, "users.alice.password=" + HASH + "\nusers.alice.roles=caregiver\n");
        assertThatThrownBy(() -> Credentials.of(new VigilSecurityProperties(file.toString(), null,
                Map.of("alice", new VigilSecurityProperties.User(HASH, List.of("operator"))), null, null)))
                .hasMessageContaining("user 'alice' is defined both");
    }

    private static Credentials users(Map<String, VigilSecurityProperties.User> users) {
        return Credentials.of(new VigilSecurityProperties(null, null, users, null, null));
    }
}
