package org.vigil.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.vigil.testsupport.FreePorts;
import org.vigil.testsupport.IntegrationTestNames;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.TestCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar as {@code ./vigil} starts it, with every secret the script holds: the app's own
 * process environment ({@code /proc/<pid>/environ}, what any process of the same user, a crash
 * report or a child process can read) carries none of them, and the app still has the pseudonym
 * key it needs (it does not start without one), read from its file.
 */
class AppEnvironmentIT {

    @Test
    void theAppStartedByTheScriptHasNoSecretInItsEnvironment() throws Exception {
        String pseudonymKey = ApiKeys.newKey();
        String gatewayKey = ApiKeys.newKey();
        String operatorPassword = ApiKeys.newKey();
        String caregiverPassword = ApiKeys.newKey();
        Path home = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "script-home-");
        int port = FreePorts.next();

        Map<String, Object> settings = new TreeMap<>(LocalServices.properties());
        settings.putAll(IntegrationTestNames.forTest("script-env"));
        settings.remove("vigil.routing.pseudonym-key"); // from the script's file, as a site gives it
        settings.put("camel.main.jmx-enabled", false);
        List<String> command = new ArrayList<>(List.of(Path.of("vigil").toAbsolutePath().toString(), "run"));
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target/script-env-vigil.log").toFile());
        builder.environment().put("VIGIL_HOME", home.toString());
        builder.environment().put("VIGIL_HTTP_PORT", String.valueOf(port));
        builder.environment().put("VIGIL_CREDENTIALS_FILE", TestCredentials.file().toString());
        builder.environment().put("VIGIL_PSEUDONYM_KEY", pseudonymKey);
        builder.environment().put("VIGIL_API_KEY", gatewayKey);
        builder.environment().put("VIGIL_OPERATOR_CREDENTIALS", "operator:" + operatorPassword);
        builder.environment().put("VIGIL_CAREGIVER_CREDENTIALS", "caregiver:" + caregiverPassword);
        Process app = builder.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            await("Vigil started by ./vigil run").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> {
                        assertThat(app.isAlive()).as("./vigil run exited; see target/script-env-vigil.log").isTrue();
                        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });

            String environment = Files.readString(Path.of("/proc/" + app.pid() + "/environ"), StandardCharsets.ISO_8859_1);
            assertThat(environment).as("the app's own process").contains("VIGIL_HOME=" + home);
            for (String secret : List.of(pseudonymKey, gatewayKey, operatorPassword, caregiverPassword)) {
                assertThat(environment).as("a secret in the app's environment").doesNotContain(secret);
            }
            Path keyFile = home.resolve("secrets/app/VIGIL_PSEUDONYM_KEY");
            assertThat(Files.readString(keyFile)).isEqualTo(pseudonymKey);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
            // The local data the script makes (the inboxes here; the services' data and logs the same way) is the owner's only.
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("inbox")))).isEqualTo("rwx------");
        } finally {
            app.destroy();
            app.waitFor();
        }
    }
}
