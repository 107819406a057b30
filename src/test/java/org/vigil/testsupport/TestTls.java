package org.vigil.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A certificate of the test run's own, made with the JDK's keytool (self-signed, for 127.0.0.1
 * and localhost): a PKCS12 keystore for the servers (Vigil's HTTP port, a MongoDB-protocol server)
 * and a truststore holding only that certificate for the clients (Vigil's MongoDB client, the
 * tests' HTTP client), as an operator configures them with a private CA. Made once per test JVM.
 */
public final class TestTls {

    /** The Spring SSL bundle the settings below define. */
    public static final String BUNDLE = "vigil-test";
    private static final String PASSWORD = "test-" + LocalServices.RUN_ID;
    private static Path directory;

    private TestTls() {
    }

    /**
     * Spring Boot's settings for the bundle (keystore and truststore): with
     * {@code server.ssl.bundle} Vigil serves HTTPS, with {@code spring.data.mongodb.ssl.bundle}
     * its MongoDB client speaks TLS and trusts this certificate only.
     */
    public static Map<String, String> bundleProperties() {
        Path files = files();
        String prefix = "spring.ssl.bundle.jks." + BUNDLE + ".";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(prefix + "keystore.location", "file:" + files.resolve("server.p12"));
        properties.put(prefix + "keystore.password", PASSWORD);
        properties.put(prefix + "keystore.type", "PKCS12");
        properties.put(prefix + "truststore.location", "file:" + files.resolve("trust.p12"));
        properties.put(prefix + "truststore.password", PASSWORD);
        properties.put(prefix + "truststore.type", "PKCS12");
        return properties;
    }

    /** A client's TLS context that trusts this certificate and nothing else. */
    public static SSLContext clientContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load("trust.p12"));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A MongoDB-protocol server (in memory) that speaks TLS only, with this certificate. */
    public static MongoServer startMongo() {
        try {
            KeyStore server = load("server.p12");
            PrivateKey key = (PrivateKey) server.getKey("vigil", PASSWORD.toCharArray());
            X509Certificate certificate = (X509Certificate) server.getCertificate("vigil");
            MongoServer mongo = new MongoServer(new MemoryBackend());
            mongo.enableSsl(key, null, certificate);
            mongo.bind("127.0.0.1", 0);
            return mongo;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The standard connection string of such a server: {@code tls=true}, as for a real MongoDB. */
    public static String mongoUri(MongoServer mongo) {
        return "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/vigil?tls=true";
    }

    private static KeyStore load(String file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(files().resolve(file))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static synchronized Path files() {
        if (directory == null) {
            try {
                Path made = Files.createDirectories(Path.of("target", "test-tls", LocalServices.RUN_ID)).toAbsolutePath();
                keytool("-genkeypair", "-alias", "vigil", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                        "-dname", "CN=127.0.0.1, O=Vigil tests", "-ext", "san=ip:127.0.0.1,dns:localhost",
                        "-keystore", made.resolve("server.p12").toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
                keytool("-exportcert", "-alias", "vigil", "-keystore", made.resolve("server.p12").toString(),
                        "-storepass", PASSWORD, "-file", made.resolve("vigil.crt").toString());
                keytool("-importcert", "-noprompt", "-alias", "vigil", "-file", made.resolve("vigil.crt").toString(),
                        "-keystore", made.resolve("trust.p12").toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
                directory = made;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return directory;
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
