package org.vigil.testsupport;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MongoDB with access control for a test class:
 * {@code @RegisterExtension static SecuredMongo mongo = new SecuredMongo();}.
 *
 * <p>By default an EMULATION: mongo-java-server behind {@link AuthenticatingMongoBackend}, with
 * one root user. With {@code VIGIL_TEST_MONGODB_ADMIN_URI} (a connection string with the
 * credentials of a user allowed to manage users and roles, e.g.
 * {@code mongodb://root:secret@127.0.0.1:27017/?authSource=admin}) the same tests run against that
 * real MongoDB instead.
 */
public final class SecuredMongo implements BeforeAllCallback, AfterAllCallback {

    public static final String ADMIN_URI_VARIABLE = "VIGIL_TEST_MONGODB_ADMIN_URI";

    private MongoServer server;
    private ConnectionString adminUri;
    private MongoClient admin;

    @Override
    public void beforeAll(ExtensionContext context) {
        String given = System.getenv(ADMIN_URI_VARIABLE);
        if (given != null && !given.isBlank()) {
            adminUri = new ConnectionString(given);
        } else {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String rootPassword = HexFormat.of().formatHex(random);
            server = new MongoServer(new AuthenticatingMongoBackend(new MemoryBackend(), "vigil-test-root", rootPassword));
            int port = server.bind().getPort();
            adminUri = new ConnectionString("mongodb://vigil-test-root:" + rootPassword + "@127.0.0.1:" + port + "/?authSource=admin");
        }
        admin = MongoClients.create(settings(adminUri.getCredential()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        admin.close();
        if (server != null) {
            server.shutdownNow();
        }
    }

    public boolean emulated() {
        return server != null;
    }

    /** What the tests ran against, for their output. */
    public String describe() {
        return emulated() ? "EMULATED access control (mongo-java-server + AuthenticatingMongoBackend)"
                : "MongoDB at " + adminUri.getHosts();
    }

    public String adminUri() {
        return adminUri.getConnectionString();
    }

    public MongoClient admin() {
        return admin;
    }

    /**
     * A new client logged in as this user (close it); login happens at its first command. No
     * mechanism is named, as in a connection string: the driver negotiates SCRAM-SHA-256.
     */
    public MongoClient loggedInAs(String user, String authDatabase, String password) {
        return MongoClients.create(settings(MongoCredential.createCredential(user, authDatabase, password.toCharArray())));
    }

    /** A new client that does not log in: the admin's hosts and TLS settings, no credentials. */
    public MongoClient anonymous() {
        return MongoClients.create(MongoClientSettings.builder()
                .applyToClusterSettings(cluster -> cluster.applyConnectionString(adminUri).serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSslSettings(ssl -> ssl.applyConnectionString(adminUri))
                .build());
    }

    /** The admin's connection string with these credentials instead. */
    private MongoClientSettings settings(MongoCredential credential) {
        return MongoClientSettings.builder()
                .applyConnectionString(adminUri)
                .credential(credential)
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .build();
    }
}
