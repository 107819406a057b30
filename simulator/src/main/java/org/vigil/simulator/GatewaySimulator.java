package org.vigil.simulator;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;

/**
 * A bedside gateway for demos and benchmarks: N simulated patients whose monitors send FHIR R4
 * vital-sign Observations to Vigil, over HTTP (one batch Bundle per reading round of a patient),
 * to the raw Kafka topic (one Observation per message), or as a bedside monitor does, one IHE PCD-01
 * ORU^R01 per round over MLLP (HAPI's client, each message acknowledged before the next), at a
 * target rate, with a progress line.
 *
 * <pre>
 * ./vigil simulate --patients 50 --rate 200 --duration 60s [--to http|kafka|mllp] [--url ...] [--brokers ...] [--host ... --port 2575]
 *                  [--kafka-config FILE] [--topic vigil.raw] [--episode-chance 0.02] [--seed 1] [--ward "4B"]
 * </pre>
 * The rate counts Observations per second. {@code --ward} (with {@code --to mllp}) first admits the
 * patients to that ward with an ADT^A01 each, as the hospital's ADT feed would. {@code --kafka-config} is a Kafka client properties file
 * (TLS, SASL): the same file Vigil's own Kafka clients read ({@code VIGIL_KAFKA_CLIENT_CONFIG}).
 */
public final class GatewaySimulator {

    private GatewaySimulator() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int patients = Integer.parseInt(options.getOrDefault("patients", "20"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "50"));
        Duration duration = duration(options.getOrDefault("duration", "30s"));
        String target = options.getOrDefault("to", "http");
        long seed = Long.parseLong(options.getOrDefault("seed", "1"));
        double episodeChance = Double.parseDouble(options.getOrDefault("episode-chance", "0.02"));

        List<SimulatedPatient> ward = new ArrayList<>();
        for (int i = 1; i <= patients; i++) {
            ward.add(new SimulatedPatient(i, seed, episodeChance));
        }
        IParser json = FhirContext.forR4().newJsonParser();
        Sender sender = switch (target) {
            case "kafka" -> new KafkaSender(options.getOrDefault("brokers", "127.0.0.1:9092"), options.get("kafka-config"),
                    options.getOrDefault("topic", "vigil.raw"), json);
            case "mllp" -> new MllpSender(options.getOrDefault("host", "127.0.0.1"), Integer.parseInt(options.getOrDefault("port", "2575")));
            case "http" -> new HttpSender(options.getOrDefault("url", "http://127.0.0.1:8080/fhir"), json);
            default -> throw new IllegalArgumentException("--to " + target + ": use http, kafka or mllp");
        };

        String wardName = options.get("ward");
        if (wardName != null) {
            if (!(sender instanceof MllpSender monitor)) {
                throw new IllegalArgumentException("--ward admits the patients over HL7 v2 ADT: use it with --to mllp");
            }
            int bed = 1;
            for (SimulatedPatient patient : ward) {
                monitor.admit(patient.patientId(), wardName, String.valueOf(bed++));
            }
            System.out.printf("Admitted %d patients to ward %s (ADT^A01)%n", ward.size(), wardName);
        }
        System.out.printf("Simulating %d patients, %.0f Observations/s for %s, to %s%n", patients, rate, duration, sender);
        long sent = 0;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long lastReport = start;
        int next = 0;
        while (System.nanoTime() < end) {
            SimulatedPatient patient = ward.get(next++ % ward.size());
            List<Observation> readings = patient.nextReadings(Instant.now());
            sender.send(patient.patientId(), readings);
            sent += readings.size();
            // Pace to the target rate: wait until the time this many Observations are due.
            long due = start + (long) (sent / rate * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long now = System.nanoTime();
            if (now - lastReport >= 1_000_000_000L) {
                progress(sent, start, now, sender);
                lastReport = now;
            }
        }
        sender.close();
        progress(sent, start, System.nanoTime(), sender);
        System.out.println();
        System.out.printf("Done: %d Observations sent, %d accepted, %d refused%n", sent, sender.accepted.get(), sender.refused.get());
        if (sender.refused.get() > 0) {
            System.exit(1);
        }
    }

    private static void progress(long sent, long start, long now, Sender sender) {
        double seconds = (now - start) / 1e9;
        System.out.printf("\r%6.1f s  sent %8d  accepted %8d  refused %5d  %8.0f Observations/s", seconds, sent,
                sender.accepted.get(), sender.refused.get(), sent / seconds);
        System.out.flush();
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    /** {@code 90s}, {@code 5m}, {@code 1h}, or seconds. */
    static Duration duration(String text) {
        char unit = text.charAt(text.length() - 1);
        if (Character.isDigit(unit)) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (unit) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("duration " + text + ": use s, m or h");
        };
    }

    abstract static class Sender implements AutoCloseable {
        public final AtomicLong accepted = new AtomicLong();
        public final AtomicLong refused = new AtomicLong();

        abstract void send(String patientId, List<Observation> readings) throws Exception;

        @Override
        public void close() {
        }
    }

    /** One batch Bundle per round of readings; counts the per-entry answers. */
    private static final class HttpSender extends Sender {
        private final HttpClient client = HttpClient.newHttpClient();
        private final URI url;
        private final IParser json;
        /** The gateway's API key (VIGIL_API_KEY; ./vigil makes a local one), sent in X-API-Key. */
        private final String apiKey = System.getenv().getOrDefault("VIGIL_API_KEY", "");

        HttpSender(String url, IParser json) {
            this.url = URI.create(url);
            this.json = json;
            if (apiKey.isBlank()) {
                System.err.println("No VIGIL_API_KEY: Vigil will answer 401 (./vigil simulate sets the local gateway's key).");
            }
        }

        @Override
        void send(String patientId, List<Observation> readings) throws Exception {
            Bundle bundle = new Bundle().setType(Bundle.BundleType.BATCH);
            readings.forEach(o -> bundle.addEntry().setResource(o).getRequest()
                    .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation"));
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(url)
                    .header("Content-Type", "application/fhir+json").header("X-API-Key", apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(json.encodeResourceToString(bundle)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                refused.addAndGet(readings.size());
                return;
            }
            Bundle answer = json.parseResource(Bundle.class, response.body());
            answer.getEntry().forEach(e -> (e.getResponse().getStatus().startsWith("201") ? accepted : refused).incrementAndGet());
        }

        @Override
        public String toString() {
            return url.toString();
        }
    }

    /** One PCD-01 ORU^R01 per round over one MLLP connection; counts the acknowledgements (AA: accepted). */
    public static final class MllpSender extends Sender {
        private final ca.uhn.hl7v2.HapiContext hapi = new ca.uhn.hl7v2.DefaultHapiContext();
        private final ca.uhn.hl7v2.app.Connection connection;
        private final String where;
        /** Control ids unique across runs and senders: a sender's run, then its message number. */
        private final String run = Long.toString(System.currentTimeMillis(), 36) + Integer.toString(System.identityHashCode(this), 36);
        private long messages;

        /** The monitor's messages to a Vigil MLLP listener. */
        public MllpSender(String host, int port) throws ca.uhn.hl7v2.HL7Exception {
            hapi.setModelClassFactory(new ca.uhn.hl7v2.parser.CanonicalModelClassFactory("2.6"));
            // Control ids of generated ACKs from memory, not from a file HAPI would write in the working directory.
            hapi.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
            hapi.setValidationContext(ca.uhn.hl7v2.validation.impl.ValidationContextFactory.noValidation());
            this.connection = hapi.newClient(host, port, false);
            // Vigil answers within its own bounded wait (about 10 s when Kafka is down): wait longer than that.
            connection.getInitiator().setTimeout(60, java.util.concurrent.TimeUnit.SECONDS);
            this.where = "MLLP " + host + ":" + port;
        }

        /** Admits the patient to the ward (ADT^A01), so their alerts and records say where they are. */
        public void admit(String patientId, String ward, String bed) throws Exception {
            String text = Pcd01Messages.admission("SIM-" + run + "-ADT-" + (++messages), patientId, ward, bed, Instant.now());
            ca.uhn.hl7v2.model.Message ack = connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(text));
            if (!"AA".equals(new ca.uhn.hl7v2.util.Terser(ack).get("/MSA-1"))) {
                throw new IllegalStateException("the admission of " + patientId + " was not accepted: " + new ca.uhn.hl7v2.util.Terser(ack).get("/ERR-8"));
            }
        }

        /** Sends one phase of the monitor's own alarm (IHE PCD-04, ORU^R40); returns the ACK's MSA-1. */
        public String alarm(String patientId, String device, Pcd04Messages.Alarm alarm, Instant time) throws Exception {
            String text = Pcd04Messages.alarm("SIM-" + run + "-ALM-" + (++messages), patientId, device, alarm, time);
            return new ca.uhn.hl7v2.util.Terser(connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(text))).get("/MSA-1");
        }

        /**
         * As a gateway that stores and forwards: a message answered AR (Vigil cannot take it now) is
         * sent again, the same message with the same control id, every second for this long.
         */
        public MllpSender resendRefusedFor(java.time.Duration patience) {
            this.resendFor = patience;
            return this;
        }

        private java.time.Duration resendFor = java.time.Duration.ZERO;
        /** Messages sent again after an AR. */
        public final java.util.concurrent.atomic.AtomicLong resent = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public void send(String patientId, List<Observation> readings) throws Exception {
            String controlId = "SIM-" + run + "-" + (++messages);
            Instant time = readings.get(0).getEffectiveDateTimeType().getValue().toInstant();
            String text = Pcd01Messages.oru(controlId, patientId, readings.get(0).getDevice().getReference(), time, readings);
            long deadline = System.nanoTime() + resendFor.toNanos();
            String code = new ca.uhn.hl7v2.util.Terser(connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(text))).get("/MSA-1");
            while ("AR".equals(code) && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                resent.incrementAndGet();
                code = new ca.uhn.hl7v2.util.Terser(connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(text))).get("/MSA-1");
            }
            ("AA".equals(code) ? accepted : refused).addAndGet(readings.size());
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return where;
        }
    }

    /** One Observation per message on the raw topic, keyed by patient (so a patient stays on one partition). */
    private static final class KafkaSender extends Sender {
        private final KafkaProducer<String, String> producer;
        private final String topic;
        private final IParser json;

        KafkaSender(String brokers, String clientConfig, String topic, IParser json) throws IOException {
            Properties settings = new Properties();
            if (clientConfig != null && !clientConfig.isBlank()) {
                try (Reader in = Files.newBufferedReader(Path.of(clientConfig))) {
                    settings.load(in);
                }
            }
            settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
            settings.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
            settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            this.producer = new KafkaProducer<>(settings);
            this.topic = topic;
            this.json = json;
        }

        @Override
        void send(String patientId, List<Observation> readings) {
            for (Observation observation : readings) {
                producer.send(new ProducerRecord<>(topic, patientId, json.encodeResourceToString(observation)),
                        (metadata, error) -> (error == null ? accepted : refused).incrementAndGet());
            }
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(30));
        }

        @Override
        public String toString() {
            return "Kafka topic " + topic;
        }
    }
}
