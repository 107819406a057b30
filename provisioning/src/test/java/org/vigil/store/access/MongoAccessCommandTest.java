package org.vigil.store.access;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.testsupport.AuthenticatingMongoBackend;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./vigil provision-mongo}, as its main class runs it, against the emulated access control. */
class MongoAccessCommandTest {

    private MongoServer server;
    private String adminUri;
    private Path secrets;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startServer(@TempDir Path dir) throws Exception {
        server = new MongoServer(new AuthenticatingMongoBackend(new MemoryBackend(), "root", "root-password"));
        adminUri = "mongodb://root:root-password@127.0.0.1:" + server.bind().getPort() + "/?authSource=admin";
        secrets = dir.resolve("mongo-secrets.properties");
        Files.writeString(secrets, AccessMatrixFixture.fromApplicationYaml().users().keySet().stream()
                .map(user -> user + "=secret-of-" + user).collect(Collectors.joining("\n")));
    }

    @AfterEach
    void stopServer() {
        server.shutdownNow();
    }

    @Test
    void provisionsTheMatrixOfApplicationYamlAndExitsZero() {
        assertThat(run("--vigil.mongodb.access.admin-uri=" + adminUri, "--vigil.mongodb.access.secrets-file=" + secrets))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("role vigil-nurse: created", "user nurse: created", "user emergency-doctor: created");

        out.reset();
        assertThat(run("--vigil.mongodb.access.admin-uri=" + adminUri, "--vigil.mongodb.access.secrets-file=" + secrets)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("role vigil-nurse: unchanged", "user nurse: password and roles updated");

        String nurseUri = adminUri.replace("root:root-password", "nurse:secret-of-nurse");
        try (MongoClient nurse = MongoClients.create(nurseUri)) {
            assertThat(nurse.getDatabase("vigil").getCollection("vitals").countDocuments()).isZero();
        }
    }

    @Test
    void aMissingPasswordExitsOneAndNamesItsVariable() throws Exception {
        Files.writeString(secrets, "researcher=only-this-one\n");
        assertThat(run("--vigil.mongodb.access.admin-uri=" + adminUri, "--vigil.mongodb.access.secrets-file=" + secrets)).isOne();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("No MongoDB password for cardiologist (VIGIL_MONGO_PASSWORD_CARDIOLOGIST)")
                .contains("nurse (VIGIL_MONGO_PASSWORD_NURSE)")
                .doesNotContain("researcher (");
        try (MongoClient admin = MongoClients.create(adminUri)) {
            assertThat(admin.getDatabase("admin").runCommand(new Document("rolesInfo", 1)).getList("roles", Document.class))
                    .as("nothing is defined when a password is missing").isEmpty();
        }
    }

    @Test
    void aWrongAdminPasswordExitsOne() {
        assertThat(run("--vigil.mongodb.access.admin-uri=" + adminUri.replace("root-password", "wrong"),
                "--vigil.mongodb.access.secrets-file=" + secrets)).isOne();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("provision-mongo failed");
    }

    @Test
    void writesTheInitScriptWithoutConnecting(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("mongo-init.js");
        assertThat(run("--write-init-script", script.toString())).isZero();
        assertThat(Files.readString(script)).isEqualTo(new MongoInitScript(AccessMatrixFixture.fromApplicationYaml()).render());
    }

    @Test
    void anUnknownArgumentPrintsTheUsage() {
        assertThat(run("--frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: provision-mongo");
    }

    private int run(String... args) {
        return MongoAccessCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }
}
