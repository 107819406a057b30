package org.vigil.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Gateways' API keys, as Vigil keeps them: only the SHA-256 of each key ({@code sha256:<64 hex>}),
 * never the key. A key is 32 random bytes (Base64url), so a fast hash is enough: unlike a password
 * it cannot be guessed from a dictionary, and a slow hash would cost every ingest request.
 */
public final class ApiKeys {

    /** The request header a gateway sends its key in. */
    public static final String HEADER = "X-API-Key";

    private static final String PREFIX = "sha256:";
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, byte[]> hashes = new LinkedHashMap<>();

    /** @param hashes gateway name → {@code sha256:<hex>} */
    public ApiKeys(Map<String, String> hashes) {
        hashes.forEach((gateway, hash) -> {
            String value = hash == null ? "" : hash.trim().toLowerCase(java.util.Locale.ROOT);
            if (!HASH.matcher(value).matches()) {
                throw new IllegalArgumentException("gateway '" + gateway + "': the key must be given as its hash, sha256:<64 hex digits> "
                        + "(./vigil credentials add-gateway " + gateway + " makes a key and its hash), never as the key itself");
            }
            this.hashes.put(gateway, HexFormat.of().parseHex(value.substring(PREFIX.length())));
        });
    }

    /** The gateway a presented key belongs to; every hash is compared, in constant time. */
    public Optional<String> gatewayOf(String key) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        byte[] presented = sha256(key.trim());
        String found = null;
        for (Map.Entry<String, byte[]> entry : hashes.entrySet()) {
            if (MessageDigest.isEqual(presented, entry.getValue())) {
                found = entry.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return hashes.size();
    }

    /** A new key: 32 random bytes, Base64url without padding. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What Vigil keeps of a key: {@code sha256:<hex>}. */
    public static String hash(String key) {
        return PREFIX + HexFormat.of().formatHex(sha256(key.trim()));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
