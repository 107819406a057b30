package org.vigil.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as MongoDB runs it in saslStart and
 * saslContinue: the server keeps only salt, iteration count, StoredKey and ServerKey.
 *
 * <p>Limitation: SASLprep is not implemented. It leaves printable ASCII unchanged, so ASCII
 * passwords work exactly as on a real MongoDB; others are refused when the user is defined.
 */
final class ScramSha256 {

    static final String MECHANISM = "SCRAM-SHA-256";
    private static final int ITERATIONS = 15_000; // MongoDB's default scramSHA256IterationCount
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

    /** What the server stores for a user instead of the password. */
    record Credentials(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

        static Credentials of(String password) {
            if (!password.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("this test server implements SCRAM without SASLprep: use a printable ASCII password");
            }
            byte[] salt = new byte[28];
            RANDOM.nextBytes(salt);
            byte[] saltedPassword = pbkdf2(password, salt, ITERATIONS);
            byte[] clientKey = hmac(saltedPassword, "Client Key");
            return new Credentials(salt, ITERATIONS, sha256(clientKey), hmac(saltedPassword, "Server Key"));
        }
    }

    /** One authentication in progress on one connection. */
    static final class Conversation {

        private final Credentials credentials;
        private final String clientFirstBare;
        private final String serverFirst;
        private final String nonce;

        private Conversation(Credentials credentials, String clientFirstBare, String clientNonce) {
            this.credentials = credentials;
            this.clientFirstBare = clientFirstBare;
            byte[] serverNonce = new byte[24];
            RANDOM.nextBytes(serverNonce);
            this.nonce = clientNonce + BASE64.encodeToString(serverNonce);
            this.serverFirst = "r=" + nonce + ",s=" + BASE64.encodeToString(credentials.salt()) + ",i=" + credentials.iterations();
        }

        String serverFirst() {
            return serverFirst;
        }

        /** The server-final message ({@code v=...}) when the client's proof is right, else null. */
        String verify(String clientFinal) {
            Map<String, String> attributes = attributes(clientFinal);
            int proofAt = clientFinal.lastIndexOf(",p=");
            if (proofAt < 0 || !nonce.equals(attributes.get("r")) || !"biws".equals(attributes.get("c"))) {
                return null;
            }
            String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinal.substring(0, proofAt);
            byte[] clientSignature = hmac(credentials.storedKey(), authMessage);
            byte[] proof = BASE64_DECODER.decode(attributes.get("p"));
            if (proof.length != clientSignature.length) {
                return null;
            }
            byte[] clientKey = new byte[proof.length];
            for (int i = 0; i < proof.length; i++) {
                clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
            }
            if (!MessageDigest.isEqual(sha256(clientKey), credentials.storedKey())) {
                return null;
            }
            return "v=" + BASE64.encodeToString(hmac(credentials.serverKey(), authMessage));
        }
    }

    private ScramSha256() {
    }

    /** The user name in a client-first message ({@code n,,n=user,r=nonce}), or null if it is not one. */
    static String userOf(String clientFirst) {
        String bare = bareOf(clientFirst);
        return bare == null ? null : unescape(attributes(bare).get("n"));
    }

    static Conversation start(String clientFirst, Credentials credentials) {
        String bare = bareOf(clientFirst);
        Map<String, String> attributes = attributes(bare);
        return new Conversation(credentials, bare, attributes.get("r"));
    }

    /** Without the GS2 header; only "n,," (no channel binding, no authorization identity), as MongoDB drivers send. */
    private static String bareOf(String clientFirst) {
        return clientFirst.startsWith("n,,") ? clientFirst.substring(3) : null;
    }

    private static Map<String, String> attributes(String message) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String attribute : message.split(",")) {
            if (attribute.length() > 1 && attribute.charAt(1) == '=') {
                attributes.put(attribute.substring(0, 1), attribute.substring(2));
            }
        }
        return attributes;
    }

    private static String unescape(String saslName) {
        return saslName == null ? null : saslName.replace("=2C", ",").replace("=3D", "=");
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
