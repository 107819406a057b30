package org.vigil.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.vigil.config.VigilProperties;
import org.vigil.simulator.Episode;
import org.vigil.simulator.GatewaySimulator;
import org.vigil.simulator.SimulatedPatient;
import org.vigil.testsupport.LocalServices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.contract.Names;
import org.vigil.testsupport.MllpTestClient;
import org.vigil.testsupport.ScriptKafka;
import org.vigil.testsupport.TestCredentials;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka unreachable while senders send: Vigil runs on a broker of its own ({@link ScriptKafka}),
 * which is killed (SIGKILL) and, later, started again on the same port and data. While it is down an HTTP sender (FHIR and CSV) is
 * answered 503 with Retry-After within seconds, an MLLP sender AR, and nothing is dead-lettered
 * (the input is not bad) or counted as published; once a broker is back the same requests are
 * taken (201, AA) without restarting Vigil. Prints what each sender was answered and how fast.
 */
@VigilIntegrationTest("kafka-outage")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaOutageIT {

    private static final ScriptKafka KAFKA = new ScriptKafka("outage").start();
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @DynamicPropertySource
    static void ownBroker(DynamicPropertyRegistry registry) {
        registry.add("vigil.kafka.brokers", KAFKA::brokers);
    }

    @LocalServerPort
    int port;
    @Value("${vigil.ingest.mllp.port}")
    int mllpPort;
    @Autowired
    MeterRegistry meters;
    @Autowired
    MongoClient mongo;
    @Autowired
    VigilProperties vigil;
    @Value("${vigil.alerts.collections.alerts}")
    String alertsCollection;

    private final HttpClient http = HttpClient.newHttpClient();

    @org.junit.jupiter.api.AfterAll
    static void stopKafka() {
        Runtime.getRuntime().addShutdownHook(new Thread(KAFKA::close, "stop-outage-kafka"));
    }

    @Test
    @Order(1)
    void whileKafkaIsDownSendersAreToldToSendAgainAndNothingIsDeadLettered() throws Exception {
        String heartRate = Files.readString(Path.of("src/test/resources/fhir/heart-rate.json"));
        String pcd01 = Files.readString(Path.of("src/test/resources/hl7/pcd01-monitor.hl7"), StandardCharsets.ISO_8859_1);
        assertThat(fhir(heartRate, "outage-1").statusCode()).as("with Kafka up").isEqualTo(201);
        double publishedBefore = counter(Names.Counter.RECORDS_PUBLISHED);
        double deadBefore = counter(Names.Counter.DEAD_LETTERS);

        KAFKA.kill();
        // The three senders at once, as a ward's would be: each waits out the bounded producer wait.
        CompletableFuture<Timed<HttpResponse<String>>> fhirAnswer = timed(() -> fhir(heartRate, "outage-2"));
        CompletableFuture<Timed<HttpResponse<String>>> csvAnswer = timed(() -> csv("63,1,1,145,233,1,2,150,0,2.3,3,0,6,0\n", "outage-3"));
        CompletableFuture<Timed<String>> mllpAnswer = timed(() -> {
            try (MllpTestClient monitor = new MllpTestClient(mllpPort, Duration.ofSeconds(60))) {
                return monitor.exchange(pcd01.getBytes(StandardCharsets.ISO_8859_1));
            }
        });
        HttpResponse<String> refused = fhirAnswer.get(2, TimeUnit.MINUTES).value();
        long fhirMillis = fhirAnswer.get().millis();
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("10");
        assertThat(refused.body()).contains("\"transient\"").containsIgnoringCase("send it again");
        HttpResponse<String> csv = csvAnswer.get(2, TimeUnit.MINUTES).value();
        long csvMillis = csvAnswer.get().millis();
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(503);
        assertThat(csv.headers().firstValue("Retry-After")).isPresent();
        String ack = mllpAnswer.get(2, TimeUnit.MINUTES).value();
        long mllpMillis = mllpAnswer.get().millis();
        assertThat(ack).as("HL7 application reject: send again").contains("MSA|AR|PCD-0001").contains("send it again");
        assertThat(counter(Names.Counter.RECORDS_PUBLISHED)).as("nothing answered as taken").isEqualTo(publishedBefore);
        assertThat(counter(Names.Counter.DEAD_LETTERS)).as("nothing dead-lettered: the input is good").isEqualTo(deadBefore);

        KAFKA.start();
        long back = System.nanoTime();
        await("a broker again: the same request is taken").atMost(PATIENCE).pollInterval(Duration.ofSeconds(2))
                .until(() -> fhir(heartRate, "outage-2").statusCode() == 201);
        long recoveryMillis = (System.nanoTime() - back) / 1_000_000;
        assertThat(csv("63,1,1,145,233,1,2,150,0,2.3,3,0,6,0\n", "outage-3").statusCode()).isEqualTo(200);
        try (MllpTestClient monitor = new MllpTestClient(mllpPort, Duration.ofSeconds(60))) {
            assertThat(monitor.exchange(pcd01.getBytes(StandardCharsets.ISO_8859_1))).contains("MSA|AA|PCD-0001");
        }
        assertThat(counter(Names.Counter.DEAD_LETTERS)).isEqualTo(deadBefore);
        System.out.printf("KafkaOutageIT: Kafka down: FHIR 503 after %d ms, CSV 503 after %d ms, MLLP AR after %d ms; "
                        + "0 published, 0 dead-lettered; Kafka back: taken again after %d ms, 0 dead-lettered%n",
                fhirMillis, csvMillis, mllpMillis, recoveryMillis);
    }

    /** An answer and how long it took. */
    private record Timed<T>(T value, long millis) {
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> CompletableFuture<Timed<T>> timed(Call<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                T value = call.call();
                return new Timed<>(value, (System.nanoTime() - start) / 1_000_000);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /**
     * Bedside monitors keep sending while the broker crashes (SIGKILL) and comes back: each message
     * Vigil answers AR is sent again by its gateway (store and forward), so at the end every reading
     * is in MongoDB once (ids compared), the crisis patient has one alert, and nothing is dead-lettered.
     */
    @Test
    @Order(2)
    void aStreamThroughABrokerCrashIsStoredOnceWithOneAlertAndNoDeadLetter() throws Exception {
        String run = LocalServices.RUN_ID;
        List<SimulatedPatient> patients = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            patients.add(SimulatedPatient.steady("Patient/crash-" + run + "-" + i, i));
        }
        double deadBefore = counter(Names.Counter.DEAD_LETTERS);
        Instant time = Instant.now().minus(Duration.ofHours(2));
        AtomicInteger sentMessages = new AtomicInteger();
        try (GatewaySimulator.MllpSender monitor = new GatewaySimulator.MllpSender("127.0.0.1", mllpPort)
                .resendRefusedFor(Duration.ofMinutes(2))) {
            Thread crash = new Thread(() -> {
                try {
                    await().atMost(PATIENCE).until(() -> sentMessages.get() >= 30);
                    KAFKA.kill();
                    Thread.sleep(5_000);
                    KAFKA.start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "kafka-crash");
            crash.start();
            for (int round = 0; round < 20; round++) {
                time = time.plusSeconds(60);
                if (round == 10) {
                    patients.get(0).startEpisode(Episode.HYPERTENSIVE_CRISIS, 5);
                }
                for (SimulatedPatient patient : patients) {
                    monitor.send(patient.patientId(), patient.nextReadings(time));
                    sentMessages.incrementAndGet();
                    Thread.sleep(100); // a ward's pace, so that the crash falls mid-stream
                }
            }
            crash.join(PATIENCE.toMillis());
            long accepted = monitor.accepted.get();
            assertThat(monitor.refused.get()).as("every reading taken in the end").isZero();

            MongoCollection<Document> records = mongo.getDatabase(vigil.mongodb().database()).getCollection(vigil.mongodb().records());
            Document ours = new Document("patientId", new Document("$regex", "^Patient/crash-" + run + "-"));
            await("every reading stored").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> records.countDocuments(ours) >= accepted);
            Set<String> ids = new HashSet<>();
            records.find(ours).forEach(document -> ids.add(document.getString("_id")));
            MongoCollection<Document> alerts = mongo.getDatabase(vigil.mongodb().database()).getCollection(alertsCollection);
            List<Document> crisisAlerts = alerts.find(new Document("patientId", patients.get(0).patientId())
                    .append("condition", "hypertensive-crisis")).into(new ArrayList<>());
            System.out.printf("KafkaOutageIT: a stream through a broker crash: %d messages (%d readings) sent, %d sent again after AR; "
                            + "%d stored, %d distinct ids; crisis alerts %d; dead-lettered %.0f%n",
                    sentMessages.get(), accepted, monitor.resent.get(), records.countDocuments(ours), ids.size(), crisisAlerts.size(),
                    counter(Names.Counter.DEAD_LETTERS) - deadBefore);
            assertThat(monitor.resent.get()).as("the crash was felt").isPositive();
            assertThat(ids).as("each reading once").hasSize((int) accepted);
            assertThat(records.countDocuments(ours)).isEqualTo(accepted);
            assertThat(crisisAlerts).as("one alert for the crisis, however often its records were read").hasSize(1);
            assertThat(counter(Names.Counter.DEAD_LETTERS)).isEqualTo(deadBefore);
        }
    }

    private HttpResponse<String> fhir(String observation, String requestId) throws Exception {
        return http.send(TestCredentials.asGateway(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir/Observation")))
                .header("Content-Type", "application/fhir+json").header(Names.Header.REQUEST_ID, requestId)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(observation)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> csv(String rows, String requestId) throws Exception {
        return http.send(TestCredentials.asGateway(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ingest/csv?coding=uci")))
                .header("Content-Type", "text/csv").header(Names.Header.REQUEST_ID, requestId)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(rows)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private double counter(String name) {
        var counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }
}
