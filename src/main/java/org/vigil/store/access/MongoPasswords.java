package org.vigil.store.access;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Finds the password of each MongoDB user outside the repository: the environment variable
 * {@code VIGIL_MONGO_PASSWORD_<USER>} first, then the secrets file. There is no default password:
 * a user without one is an error that names where it was looked for.
 */
public final class MongoPasswords {

    static final String VARIABLE_PREFIX = "VIGIL_MONGO_PASSWORD_";

    private final UnaryOperator<String> environment;
    private final Path secrets;

    /**
     * @param environment looks up an environment variable ({@code System::getenv} outside tests)
     * @param secretsFile a properties file ({@code user=password}), a folder with one file per user
     *                    (as Docker and Kubernetes mount secrets), or blank for none
     */
    public MongoPasswords(UnaryOperator<String> environment, String secretsFile) {
        this.environment = environment;
        this.secrets = secretsFile == null || secretsFile.isBlank() ? null : Path.of(secretsFile);
    }

    /** {@code nurse} → {@code VIGIL_MONGO_PASSWORD_NURSE}, {@code emergency-doctor} → {@code ..._EMERGENCY_DOCTOR}. */
    public static String variableFor(String user) {
        return VARIABLE_PREFIX + user.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** Every user's password, or an exception listing all the users that have none. */
    public Map<String, String> of(Collection<String> users) {
        Map<String, String> fromSecrets = readSecrets();
        Map<String, String> passwords = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String user : users) {
            String password = environment.apply(variableFor(user));
            if (password == null || password.isEmpty()) {
                password = fromSecrets.get(user);
            }
            if (password == null || password.isEmpty()) {
                missing.add(user + " (" + variableFor(user) + ")");
            } else {
                passwords.put(user, password);
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingPasswordException("No MongoDB password for " + String.join(", ", missing)
                    + ": set the environment variable" + (missing.size() > 1 ? "s" : "")
                    + (secrets == null ? " or name a secrets file in VIGIL_MONGO_SECRETS_FILE"
                    : " or add the user" + (missing.size() > 1 ? "s" : "") + " to " + secrets));
        }
        return passwords;
    }

    private Map<String, String> readSecrets() {
        Map<String, String> passwords = new LinkedHashMap<>();
        if (secrets == null) {
            return passwords;
        }
        try {
            if (Files.isDirectory(secrets)) {
                try (var files = Files.list(secrets)) {
                    for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        // A secret file usually ends with the newline echo or an editor added; it is not part of the password.
                        passwords.put(file.getFileName().toString(), Files.readString(file).replaceFirst("\\r?\\n\\z", ""));
                    }
                }
            } else if (Files.isRegularFile(secrets)) {
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(secrets, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
                properties.stringPropertyNames().forEach(user -> passwords.put(user, properties.getProperty(user)));
            } else {
                throw new MissingPasswordException("VIGIL_MONGO_SECRETS_FILE is " + secrets + ", which does not exist");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MongoDB secrets in " + secrets, e);
        }
        return passwords;
    }

    /** A user of the access matrix has no password. */
    public static final class MissingPasswordException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        MissingPasswordException(String message) {
            super(message);
        }
    }
}
