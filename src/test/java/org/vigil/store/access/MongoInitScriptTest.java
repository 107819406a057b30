package org.vigil.store.access;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed mongo-init.js is what the generator writes from application.yaml now, so the two
 * never drift. After changing the matrix, regenerate it with
 * {@code ./mvnw test -Dtest=MongoInitScriptTest -Dvigil.write-init-script=true} (or
 * {@code ./vigil provision-mongo --write-init-script mongo-init/mongo-init.js} with a fresh jar).
 */
class MongoInitScriptTest {

    private static final Path COMMITTED = Path.of(MongoInitScript.COMMITTED_PATH);

    private final MongoInitScript script = new MongoInitScript(AccessMatrixFixture.fromApplicationYaml());

    @Test
    void theCommittedScriptIsWhatTheMatrixGenerates() throws Exception {
        if (Boolean.getBoolean("vigil.write-init-script")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, script.render());
        }
        assertThat(Files.readString(COMMITTED))
                .as("%s is out of date: regenerate it (see this test's comment)", COMMITTED)
                .isEqualTo(script.render());
    }

    @Test
    void theScriptReadsEveryPasswordFromTheEnvironmentAndContainsNone() {
        String rendered = script.render();
        assertThat(rendered)
                .contains("defineUser(\"nurse\", \"VIGIL_MONGO_PASSWORD_NURSE\", \"vigil-nurse\");")
                .contains("defineUser(\"emergency-doctor\", \"VIGIL_MONGO_PASSWORD_EMERGENCY_DOCTOR\", \"vigil-emergency-doctor\");")
                .contains("process.env[variable]")
                .doesNotContainIgnoringCase("pwd: \"");
        assertThat(rendered).contains("""
                defineRole("vigil-cardiologist", [
                  {"resource":{"db":"vigil","collection":"cardiology"},"actions":["find"]},
                  {"resource":{"db":"vigil","collection":"emergency"},"actions":["find"]}
                ]);
                """);
    }

    @Test
    void dockerComposeMountsTheScriptAndRequiresEveryPassword() throws Exception {
        String compose = Files.readString(Path.of("docker-compose.yml"));
        assertThat(compose).contains("./" + MongoInitScript.COMMITTED_PATH + ":/docker-entrypoint-initdb.d/");
        script.passwordVariables().forEach(variable ->
                assertThat(compose).contains(variable + ": ${" + variable + ":?"));
    }
}
