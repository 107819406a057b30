package org.vigil.testsupport;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real services the integration tests run against, started once per test JVM and shared by
 * all test classes (each class uses its own topic, collection and index names).
 *
 * <ul>
 *   <li>Kafka: a KRaft broker in this JVM (spring-kafka-test), or {@code VIGIL_TEST_KAFKA_BROKERS}.</li>
 *   <li>MongoDB: mongo-java-server in this JVM, or {@code VIGIL_TEST_MONGODB_URI} for a real MongoDB.</li>
 *   <li>Elasticsearch 9.2.8: started by {@code ./vigil services start elasticsearch} in its own JVM
 *       (it needs Java 21+ and a non-root user), or {@code VIGIL_TEST_ELASTICSEARCH_URIS}.</li>
 * </ul>
 */
public final class LocalServices {

    /** Differs on every run, so names built from it never meet data a previous run left behind. */
    public static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);

    private static final int ES_PORT = Integer.getInteger("vigil.test.es.port", 19200);
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path TEST_HOME = PROJECT.resolve("target/test-services");
    /** The project's own service script, with test ports and a test data folder. */
    private static final VigilScript SCRIPT = new VigilScript(TEST_HOME, Map.of(
            "VIGIL_ES_PORT", String.valueOf(ES_PORT),
            "VIGIL_ES_TRANSPORT_PORT", String.valueOf(ES_PORT + 100)));

    private static String kafkaBrokers;
    private static String mongoUri;
    private static String elasticsearchUris;

    private LocalServices() {
    }

    /** Starts what is not started yet and points the application at it. */
    public static synchronized void register(DynamicPropertyRegistry registry) {
        properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The same settings as {@link #register}, for a Vigil started outside Spring's test context. */
    public static synchronized Map<String, Object> properties() {
        if (kafkaBrokers == null) {
            start();
        }
        return Map.of(
                "vigil.kafka.brokers", kafkaBrokers,
                "spring.data.mongodb.uri", mongoUri,
                "spring.elasticsearch.uris", elasticsearchUris,
                "test.run-id", RUN_ID);
    }

    public static String kafkaBrokers() {
        return kafkaBrokers;
    }

    private static void start() {
        // Elasticsearch takes longest: launch it first, wait for it last.
        Process elasticsearch = null;
        elasticsearchUris = System.getenv("VIGIL_TEST_ELASTICSEARCH_URIS");
        if (elasticsearchUris == null) {
            elasticsearch = SCRIPT.start("services", "start", "elasticsearch");
            elasticsearchUris = "http://127.0.0.1:" + ES_PORT;
            Runtime.getRuntime().addShutdownHook(new Thread(LocalServices::stopElasticsearch, "stop-elasticsearch"));
        }

        kafkaBrokers = System.getenv("VIGIL_TEST_KAFKA_BROKERS");
        if (kafkaBrokers == null) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
            broker.brokerProperties(Map.of("auto.create.topics.enable", "true", "num.partitions", "3"));
            broker.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "stop-kafka"));
            kafkaBrokers = broker.getBrokersAsString();
        }

        mongoUri = System.getenv("VIGIL_TEST_MONGODB_URI");
        if (mongoUri == null) {
            MongoServer server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", FreePorts.next());
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "stop-mongodb"));
            mongoUri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/vigil";
        }

        if (elasticsearch != null) {
            SCRIPT.awaitSuccess(elasticsearch, "services", "start", "elasticsearch");
        }
    }

    /** Whether the tests run their own Elasticsearch (and so may stop and start it). */
    public static boolean ownsElasticsearch() {
        return System.getenv("VIGIL_TEST_ELASTICSEARCH_URIS") == null;
    }

    public static void stopElasticsearch() {
        SCRIPT.run("services", "stop", "elasticsearch");
    }

    /** Starts the tests' Elasticsearch again (same data folder and port) and waits until it is healthy. */
    public static void startElasticsearch() {
        SCRIPT.run("services", "start", "elasticsearch");
    }
}
