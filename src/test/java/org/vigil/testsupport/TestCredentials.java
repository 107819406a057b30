package org.vigil.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.vigil.security.ApiKeys;

/**
 * The integration tests' callers, as a hospital would set them up: a gateway with an API key, a
 * caregiver and an operator with passwords, all made at random for this test JVM and given to
 * Vigil as hashes only, in a credentials file ({@code vigil.security.credentials-file}, set by
 * {@link IntegrationTestNames}). Tests sign their requests with {@link #asGateway} and friends.
 */
public final class TestCredentials {

    public static final String GATEWAY = "it-gateway";
    public static final String CAREGIVER = "nurse-" + LocalServices.RUN_ID;
    public static final String OPERATOR = "operator-" + LocalServices.RUN_ID;
    /** Caregiver and operator both: what a small site's on-call engineer may be. */
    public static final String BOTH = "oncall-" + LocalServices.RUN_ID;
    /** A caregiver only the sign-in throttling test uses (it gets locked out for a minute). */
    public static final String FORGETFUL = "forgetful-" + LocalServices.RUN_ID;

    public static final String GATEWAY_KEY = ApiKeys.newKey();
    public static final String PASSWORD = ApiKeys.newKey();
    /** The research pseudonyms' key (vigil.routing.pseudonym-key), made for this run like a site's own. */
    public static final String PSEUDONYM_KEY = ApiKeys.newKey();

    private static Path file;

    private TestCredentials() {
    }

    /** The credentials file (hashes only), written once per test JVM under target/. */
    public static synchronized Path file() {
        if (file == null) {
            // Cost 4: the tests sign thousands of requests; a site's own hashes use the default (10).
            BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
            String password = "{bcrypt}" + bcrypt.encode(PASSWORD);
            String text = "gateways." + GATEWAY + "=" + ApiKeys.hash(GATEWAY_KEY) + "\n"
                    + "users." + CAREGIVER + ".password=" + password + "\n" + "users." + CAREGIVER + ".roles=caregiver\n"
                    + "users." + OPERATOR + ".password=" + password + "\n" + "users." + OPERATOR + ".roles=operator\n"
                    + "users." + BOTH + ".password=" + password + "\n" + "users." + BOTH + ".roles=caregiver,operator\n"
                    + "users." + FORGETFUL + ".password=" + password + "\n" + "users." + FORGETFUL + ".roles=caregiver\n";
            try {
                Path written = Path.of("target", "test-credentials-" + LocalServices.RUN_ID + ".properties").toAbsolutePath();
                Files.createDirectories(written.getParent());
                Files.writeString(written, text, StandardCharsets.UTF_8);
                file = written;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    public static HttpRequest.Builder asGateway(HttpRequest.Builder request) {
        return request.header(ApiKeys.HEADER, GATEWAY_KEY);
    }

    public static HttpRequest.Builder asCaregiver(HttpRequest.Builder request) {
        return request.header("Authorization", basic(CAREGIVER));
    }

    public static HttpRequest.Builder asOperator(HttpRequest.Builder request) {
        return request.header("Authorization", basic(OPERATOR));
    }

    public static String basic(String user) {
        return basic(user, PASSWORD);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
