package org.vigil.store.access;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.vigil.testsupport.AuthenticatingMongoBackend;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vigil.mongodb.access.provision-on-startup}: provisions while the context starts, or not at all. */
class ProvisionMongoOnStartupTest {

    private MongoServer server;
    private String adminUri;
    private ApplicationContextRunner context;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        server = new MongoServer(new AuthenticatingMongoBackend(new MemoryBackend(), "root", "root-password"));
        adminUri = "mongodb://root:root-password@127.0.0.1:" + server.bind().getPort() + "/?authSource=admin";
        Path secrets = Files.createDirectory(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("nurse"), "nurse-secret\n");
        context = new ApplicationContextRunner()
                .withUserConfiguration(MongoAccessConfiguration.class, ProvisionMongoOnStartup.class)
                .withPropertyValues(
                        "vigil.mongodb.access.admin-uri=" + adminUri,
                        "vigil.mongodb.access.database=vigil",
                        "vigil.mongodb.access.secrets-file=" + secrets,
                        "vigil.mongodb.access.roles.vigil-nurse.read=patients_record,vitals",
                        "vigil.mongodb.access.users.nurse=vigil-nurse");
    }

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    @Test
    void whenEnabledTheRolesAndUsersExistOnceTheContextHasStarted() {
        context.withPropertyValues("vigil.mongodb.access.provision-on-startup=true").run(started -> {
            assertThat(started).hasNotFailed().hasSingleBean(ProvisionMongoOnStartup.class);
            assertThat(roleNames()).containsExactly("vigil-nurse");
            // The folder's file ends with a newline; the password does not.
            try (MongoClient nurse = MongoClients.create(adminUri.replace("root:root-password", "nurse:nurse-secret"))) {
                assertThat(nurse.getDatabase("vigil").getCollection("vitals").countDocuments()).isZero();
            }
        });
    }

    @Test
    void byDefaultNothingIsProvisioned() {
        context.run(started -> {
            assertThat(started).hasNotFailed().doesNotHaveBean(ProvisionMongoOnStartup.class);
            assertThat(roleNames()).isEmpty();
        });
    }

    @Test
    void aUserWithoutPasswordStopsStartUp() {
        context.withPropertyValues("vigil.mongodb.access.provision-on-startup=true", "vigil.mongodb.access.users.writer=vigil-nurse")
                .run(started -> assertThat(started).hasFailed().getFailure()
                        .rootCause().isInstanceOf(MongoPasswords.MissingPasswordException.class)
                        .hasMessageContaining("writer (VIGIL_MONGO_PASSWORD_WRITER)"));
    }

    private List<String> roleNames() {
        try (MongoClient admin = MongoClients.create(adminUri)) {
            return admin.getDatabase("admin").runCommand(new Document("rolesInfo", 1))
                    .getList("roles", Document.class).stream().map(role -> role.getString("role")).toList();
        }
    }
}
