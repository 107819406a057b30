package org.vigil.security;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * The gateways' key hashes and the users' password hashes and roles, from the environment and the
 * credentials file together, checked once at start-up: a secret given in clear, an unknown role, a
 * user with no role or a name defined twice stops Vigil with a message that says what to fix.
 */
public final class Credentials {

    /** The password hashes Vigil accepts; anything else ({noop}, a bare password) is refused. */
    public static final Map<String, PasswordEncoder> ENCODERS = Map.of(
            "bcrypt", new BCryptPasswordEncoder(),
            "pbkdf2", Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8());

    private final ApiKeys apiKeys;
    private final List<UserDetails> users;

    private Credentials(ApiKeys apiKeys, List<UserDetails> users) {
        this.apiKeys = apiKeys;
        this.users = users;
    }

    public static Credentials of(VigilSecurityProperties properties) {
        Map<String, String> gateways = new LinkedHashMap<>(properties.gateways());
        Map<String, VigilSecurityProperties.User> users = new LinkedHashMap<>(properties.users());
        if (properties.credentialsFile() != null && !properties.credentialsFile().isBlank()) {
            VigilSecurityProperties fromFile = read(Path.of(properties.credentialsFile()));
            fromFile.gateways().forEach((name, hash) -> putOnce(gateways, name, hash, "gateway"));
            fromFile.users().forEach((name, user) -> putOnce(users, name, user, "user"));
        }
        List<UserDetails> details = users.entrySet().stream().map(entry -> user(entry.getKey(), entry.getValue())).toList();
        return new Credentials(new ApiKeys(gateways), details);
    }

    public static PasswordEncoder passwordEncoder() {
        return new DelegatingPasswordEncoder("bcrypt", ENCODERS);
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    public List<UserDetails> users() {
        return users;
    }

    private static UserDetails user(String name, VigilSecurityProperties.User user) {
        String hash = user.password() == null ? "" : user.password().trim();
        if (ENCODERS.keySet().stream().noneMatch(id -> hash.startsWith("{" + id + "}"))) {
            throw new IllegalArgumentException("user '" + name + "': the password must be given as its hash, {bcrypt}... or {pbkdf2}... "
                    + "(./vigil credentials add-user " + name + " makes a password and its hash), never as the password itself");
        }
        if (user.roles() == null || user.roles().isEmpty()) {
            throw new IllegalArgumentException("user '" + name + "' has no role (caregiver, operator)");
        }
        String[] roles = user.roles().stream().map(Role::of).peek(role -> {
            if (role == Role.GATEWAY) {
                throw new IllegalArgumentException("user '" + name + "': gateways sign in with an API key (vigil.security.gateways), not a password");
            }
        }).map(Role::name).toArray(String[]::new);
        return User.withUsername(name).password(hash).roles(roles).build();
    }

    private static <T> void putOnce(Map<String, T> into, String name, T value, String kind) {
        if (into.putIfAbsent(name, value) != null) {
            throw new IllegalArgumentException(kind + " '" + name + "' is defined both in the environment and in the credentials file");
        }
    }

    private static VigilSecurityProperties read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("the credentials file " + file + " cannot be read", e);
        }
        Map<String, String> flat = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> flat.put(key, properties.getProperty(key)));
        return new Binder(new MapConfigurationPropertySource(flat))
                .bindOrCreate("", Bindable.of(VigilSecurityProperties.class));
    }
}
