package org.vigil.provisioning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.vigil.security.ApiKeys;
import org.vigil.security.Role;

/**
 * {@code ./vigil credentials}: makes a gateway's API key or a person's password, prints it once (or
 * writes it to a file only its owner can read) and appends only its hash to Vigil's credentials
 * file ({@code vigil.security.credentials-file}). For secrets a site makes elsewhere, the hash-*
 * commands turn one read from standard input into what the file or the environment wants.
 *
 * <pre>
 * add-gateway NAME --file F [--key-out K]
 * add-user NAME --roles caregiver[,operator] --file F [--password-out P]
 * hash-key | hash-password      (the secret on standard input, the hash on standard output)
 * </pre>
 */
public final class CredentialsCommand {

    private CredentialsCommand() {
    }

    public static void main(String[] args) throws IOException {
        try {
            run(args);
        } catch (IllegalArgumentException refused) {
            System.err.println("vigil credentials: " + refused.getMessage());
            System.exit(2);
        }
    }

    private static void run(String[] args) throws IOException {
        if (args.length == 0) {
            usage("a command");
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "add-gateway" -> {
                String name = name(options);
                String key = ApiKeys.newKey();
                append(file(options), "gateways." + name, ApiKeys.hash(key));
                deliver(key, options.get("key-out"), "API key of gateway " + name + " (send it in the " + ApiKeys.HEADER + " header)");
            }
            case "add-user" -> {
                String name = name(options);
                String roles = options.get("roles");
                if (roles == null || roles.isBlank()) {
                    usage("--roles (caregiver, operator)");
                }
                List<String> checked = Arrays.stream(roles.split(",")).map(Role::of).map(Role::configName).toList();
                String password = ApiKeys.newKey();
                Path file = file(options);
                append(file, "users." + name + ".password", "{bcrypt}" + new BCryptPasswordEncoder().encode(password));
                append(file, "users." + name + ".roles", String.join(",", checked));
                deliver(password, options.get("password-out"), "password of " + name + " (" + String.join(", ", checked) + ")");
            }
            case "hash-key" -> System.out.println(ApiKeys.hash(stdin()));
            case "hash-password" -> System.out.println("{bcrypt}" + new BCryptPasswordEncoder().encode(stdin()));
            default -> usage("add-gateway, add-user, hash-key or hash-password, not " + args[0]);
        }
    }

    private static String name(Map<String, String> options) {
        String name = options.get("");
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            usage("a name (letters, digits, . _ -)");
        }
        return name;
    }

    private static Path file(Map<String, String> options) {
        String file = options.get("file");
        if (file == null) {
            usage("--file (the credentials file Vigil reads, VIGIL_CREDENTIALS_FILE)");
        }
        return Path.of(file);
    }

    private static void append(Path file, String key, String value) throws IOException {
        Properties existing = new Properties();
        if (Files.exists(file)) {
            try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                existing.load(reader);
            }
        }
        if (existing.containsKey(key)) {
            throw new IllegalArgumentException(key + " is in " + file + " already: remove its lines to replace it");
        }
        ownerOnly(file);
        // Properties' own escaping (a bcrypt hash has no character that needs it, but a name might).
        Properties line = new Properties();
        line.setProperty(key, value);
        var text = new java.io.StringWriter();
        line.store(text, null);
        String entry = text.toString().lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        Files.writeString(file, entry, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static void deliver(String secret, String out, String what) throws IOException {
        if (out == null) {
            System.out.println(what + ", shown once: " + secret);
            return;
        }
        Path path = Path.of(out);
        ownerOnly(path);
        Files.writeString(path, secret, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        System.out.println(what + ": in " + path + " (readable by its owner only)");
    }

    private static void ownerOnly(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
    }

    private static String stdin() throws IOException {
        String secret = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
        if (secret.isEmpty()) {
            usage("the secret on standard input");
        }
        return secret;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    usage(args[i] + " needs a value");
                }
                options.put(args[i].substring(2), args[++i]);
            } else {
                options.put("", args[i]);
            }
        }
        return options;
    }

    private static void usage(String missing) {
        System.err.println("vigil credentials: needs " + missing + "\n"
                + "  add-gateway NAME --file F [--key-out K]\n"
                + "  add-user NAME --roles caregiver[,operator] --file F [--password-out P]\n"
                + "  hash-key | hash-password   (secret on standard input)");
        System.exit(2);
    }
}
