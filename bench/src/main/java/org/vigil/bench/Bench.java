package org.vigil.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.vigil.simulator.GatewaySimulator;
import org.vigil.simulator.SimulatedPatient;

/**
 * {@code ./vigil bench}: every figure of BENCHMARKS.md in one run, on the services and app that
 * {@code ./vigil start} runs, so each of Vigil's figures has its baseline from the same minutes,
 * the same services and the same record size. Input is generated before any clock starts, so the
 * sender is not what is measured.
 *
 * <pre>./vigil bench [--write]          (--write: rewrite BENCHMARKS.md with the results)
 * ./vigil bench --only ward,ceiling (a part of the run while working on it: ward, ceiling, stores,
 *                                   storm, growth, start, jmh; never written to BENCHMARKS.md)</pre>
 */
public final class Bench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final IParser FHIR = FhirContext.forR4().newJsonParser();

    private final String bind = env("VIGIL_BIND", "127.0.0.1");
    private final String brokers = env("VIGIL_KAFKA_BROKERS", bind + ":" + env("VIGIL_KAFKA_PORT", "9092"));
    private final String mongoUri = env("VIGIL_MONGODB_URI", "mongodb://" + bind + ":" + env("VIGIL_MONGO_PORT", "27017"));
    private final String esUri = env("VIGIL_ELASTICSEARCH_URIS", "http://" + bind + ":" + env("VIGIL_ES_PORT", "9200"));
    private final String app = "http://" + bind + ":" + env("VIGIL_HTTP_PORT", "8080");
    private final String prefix = env("VIGIL_KAFKA_TOPIC_PREFIX", "vigil.");
    private final int scale = Integer.parseInt(env("VIGIL_BENCH_SCALE", "1"));
    /** Gateways' requests (API key, no session). */
    private final HttpClient http = HttpClient.newHttpClient();
    /** The operator's requests, in a session (see {@link #asOperator}); a gateway's request carries no session cookie. */
    private final java.net.CookieManager cookies = new java.net.CookieManager();
    private final HttpClient operatorHttp = HttpClient.newBuilder().cookieHandler(cookies).build();
    private final Map<String, String> results = new LinkedHashMap<>();
    private final Admin admin = Admin.create(Map.of("bootstrap.servers", brokers));

    /** The parts of the run, in order; {@code --only} picks some of them. */
    private static final List<String> PARTS = List.of("ward", "ceiling", "stores", "storm", "growth", "start", "jmh");
    private java.util.Set<String> parts = new java.util.HashSet<>(PARTS);

    public static void main(String[] args) throws Exception {
        Bench bench = new Bench();
        List<String> arguments = List.of(args);
        boolean write = arguments.contains("--write");
        int only = arguments.indexOf("--only");
        if (only >= 0) {
            if (write || only + 1 >= args.length || !PARTS.containsAll(List.of(args[only + 1].split(",")))) {
                throw new IllegalArgumentException("--only takes some of " + PARTS + ", comma-separated, and no --write");
            }
            bench.parts = new java.util.HashSet<>(List.of(args[only + 1].split(",")));
        }
        Instant started = Instant.now();
        bench.run();
        bench.results.put("bench run time", Duration.between(started, Instant.now()).toSeconds() + " s");
        String table = bench.table();
        System.out.println();
        System.out.println(table);
        if (write) {
            bench.writeBenchmarksMd(table);
            System.out.println("wrote BENCHMARKS.md");
        }
        bench.admin.close();
    }

    private void run() throws Exception {
        List<String> observations = observations(20_000 * scale, false);
        int recordBytes = (int) observations.stream().mapToInt(o -> o.getBytes(StandardCharsets.UTF_8).length).average().orElse(800);
        results.put("record size (FHIR Observation JSON, mean)", recordBytes + " bytes");
        results.put("stored when the run began", storedNow());

        step("Kafka ProducerPerformance baseline");
        double kafkaBaseline = producerPerformance(200_000 * scale, recordBytes);
        put("baseline: Kafka ProducerPerformance (acks=all, lz4, linger 5 ms, batch 256 KB)", kafkaBaseline, "records/s");

        step("Vigil: warm-up (10,000 Observations through everything, not timed)");
        awaitStoresIdle();
        ingestViaKafka(observations(10_000, false));
        awaitStoresIdle();

        WardMix fresh = null;
        if (parts.contains("ward")) {
            step("Vigil: ward mix, 1,000 patients at 1,000 Observations/s for 60 s, everything running");
            fresh = wardMix("ward mix", 1_000, 1_000, 60, false);
            // The baseline that tells what the stores' writes cost the alert path on these shared cores:
            // the same ward with the stores' sinks stopped (nothing written to MongoDB or Elasticsearch
            // while it runs; the stores catch up afterwards).
            step("Vigil: the same ward mix with the stores' sinks stopped (baseline: the stores' writes not competing)");
            WardMix paused = wardMix("ward mix, store stopped", 1_000, 1_000, 60, true);
            results.put("  everything running / store stopped: classified p99, alert p99",
                    String.format("%s, %s", ratio(fresh.classifiedP99(), paused.classifiedP99()), ratio(fresh.alertP99(), paused.alertP99())));
        }
        if (parts.contains("ceiling") || parts.contains("stores")) {
            ceilingAndStores(observations, kafkaBaseline);
        }
        if (parts.contains("storm")) {
            step("Vigil: alert storm, 1,000 openings/s for 60 s (everything running)");
            latency(1000, 60 * scale, "storm: every reading a new patient's hypertensive crisis, everything running");
        }
        if (parts.contains("growth")) {
            step("Data growth: the stores brought to 1,000,000 records, then the ward mix again");
            prefill(1_000_000L * scale);
            // Like the first ward mix, the second starts with the stores idle (after the storm, they may not be yet).
            awaitStoresIdle();
            results.put("stored before the second ward mix", storedNow());
            WardMix grown = wardMix("ward mix after data growth", 1_000, 1_000, 60, false);
            if (fresh != null) {
                results.put("  after growth / fresh: classified p99, alert p99, classified records/s",
                        String.format("%s, %s, %s", ratio(grown.classifiedP99(), fresh.classifiedP99()), ratio(grown.alertP99(), fresh.alertP99()),
                                ratio(grown.throughput(), fresh.throughput())));
            }
        }
        if (parts.contains("start")) {
            step("Vigil: start time and heap");
            startTimeAndHeap();
        }
        if (parts.contains("jmh")) {
            step("JMH: classification alone");
            jmh();
        }
    }

    /** The ceiling (store stopped) and then the stores catching up on what it left them. */
    private void ceilingAndStores(List<String> observations, double kafkaBaseline) throws Exception {
        // The ceiling: ingest and classification with the stores' sinks stopped, so what they publish
        // waits on the topics for the store step and nothing else competes for the cores meanwhile.
        awaitStoresIdle();
        route("stopRoute");
        step("Vigil: raw Kafka topic to specialty topics (store stopped)");
        long writesBefore = vigilWrites();
        double viaKafka = ingestViaKafka(observations);
        double writesPerInput = (vigilWrites() - writesBefore) / (double) observations.size();
        put("Vigil: Kafka raw topic -> classified and specialty topics", viaKafka, "records/s");
        results.put("  Kafka writes per input record (every topic Vigil writes)", String.format("%.2f", writesPerInput));
        results.put("  write-normalised ratio: records/s x writes per record / Kafka baseline (target >= 0.5)",
                ratio(viaKafka * writesPerInput, kafkaBaseline));
        results.put("  plain ratio to the Kafka baseline", ratio(viaKafka, kafkaBaseline));

        step("Vigil: HTTP Bundles to specialty topics (store stopped)");
        double viaHttp = ingestViaHttp(observations(5_000 * scale, false), 100, 2);
        put("Vigil: HTTP batch Bundles (100 entries, 2 senders) -> specialty topics", viaHttp, "records/s");
        results.put("  ratio to the Kafka path (target >= 0.8)", ratio(viaHttp, viaKafka));

        step("Vigil: HL7 v2 over MLLP to specialty topics (store stopped)");
        double oneConnection = ingestViaMllp(400 * scale, 1);
        put("Vigil: MLLP PCD-01 ORU^R01 (5 readings each, ACK awaited), 1 connection", oneConnection, "messages/s");
        double fourConnections = ingestViaMllp(800 * scale, 4);
        put("Vigil: MLLP PCD-01 ORU^R01 (5 readings each, ACK awaited), 4 connections (target >= 500)", fourConnections, "messages/s");
        if (!parts.contains("stores")) {
            route("startRoute");
            return;
        }

        // The store baselines write the very documents Vigil writes (its classified records), to
        // both stores at once as Vigil does, each timed by the wall clock like Vigil's catch-up.
        List<Document> documents = documentsFrom(prefix + "classified", 20_000 * scale);
        step("MongoDB and Elasticsearch bulk baselines, at once");
        double[] baselines = storeBaselines(documents);
        put("baseline: MongoDB bulk replace-upsert of " + documents.size() + " classified records (plain driver, 500 a bulk, wall clock)",
                baselines[0], "documents/s");
        put("baseline: Elasticsearch bulk index of the same documents at the same time (plain client, 500 a bulk, wall clock)",
                baselines[1], "documents/s");

        step("Vigil: topics to MongoDB and Elasticsearch (the store catching up)");
        double[] stores = stores(observations.size() + 5_000 * scale + 400 * scale * 5 + 800 * scale * 5);
        put("Vigil: topics -> MongoDB (documents per second of the catch-up's wall clock)", stores[0], "documents/s");
        results.put("  ratio to the MongoDB baseline (target >= 0.8)", ratio(stores[0], baselines[0]));
        put("Vigil: topics -> Elasticsearch (documents per second of the catch-up's wall clock)", stores[1], "documents/s");
        results.put("  ratio to the Elasticsearch baseline (target >= 0.8)", ratio(stores[1], baselines[1]));
    }

    private void awaitStoresIdle() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (summary().getOrDefault("store.pending", 1L) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
    }

    // --- baselines -----------------------------------------------------------------------------

    private double producerPerformance(int records, int recordBytes) throws Exception {
        String topic = prefix + "bench-baseline";
        List<String> command = List.of(java(), "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ProducerPerformance", "--topic", topic, "--num-records", String.valueOf(records),
                "--record-size", String.valueOf(recordBytes), "--throughput", "-1", "--producer-props",
                "bootstrap.servers=" + brokers, "acks=all", "compression.type=lz4", "linger.ms=5", "batch.size=262144");
        String out = run(command);
        Matcher m = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec").matcher(out);
        String last = null;
        while (m.find()) {
            last = m.group(2);
        }
        if (last == null) {
            throw new IllegalStateException("ProducerPerformance printed no result:\n" + out);
        }
        admin.deleteTopics(List.of(topic));
        return Double.parseDouble(last);
    }

    private double mongoBulk(List<Document> documents) {
        try (MongoClient mongo = MongoClients.create(mongoUri)) {
            MongoCollection<Document> collection = mongo.getDatabase("vigil_bench").getCollection("baseline");
            collection.drop();
            long start = System.nanoTime();
            for (int i = 0; i < documents.size(); i += 500) {
                List<WriteModel<Document>> bulk = new ArrayList<>(500);
                for (Document document : documents.subList(i, Math.min(documents.size(), i + 500))) {
                    bulk.add(new ReplaceOneModel<>(Filters.eq("_id", document.get("_id")), document, new ReplaceOptions().upsert(true)));
                }
                collection.bulkWrite(bulk, new BulkWriteOptions().ordered(false));
            }
            double rate = documents.size() / seconds(start);
            mongo.getDatabase("vigil_bench").drop();
            return rate;
        }
    }

    private double elasticsearchBulk(List<Document> documents) throws IOException {
        try (Rest5Client rest = Rest5Client.builder(URI.create(esUri)).build();
             Rest5ClientTransport transport = new Rest5ClientTransport(rest, new JacksonJsonpMapper())) {
            ElasticsearchClient es = new ElasticsearchClient(transport);
            String index = "vigil-bench-baseline";
            es.indices().delete(d -> d.index(index).ignoreUnavailable(true));
            es.indices().create(c -> c.index(index).settings(s -> s.numberOfShards("1").numberOfReplicas("0")));
            long start = System.nanoTime();
            for (int i = 0; i < documents.size(); i += 500) {
                BulkRequest.Builder bulk = new BulkRequest.Builder();
                for (Document document : documents.subList(i, Math.min(documents.size(), i + 500))) {
                    Map<String, Object> source = new LinkedHashMap<>(document);
                    String id = (String) source.remove("_id");
                    bulk.operations(op -> op.index(ix -> ix.index(index).id(id).document(source)));
                }
                if (es.bulk(bulk.build()).errors()) {
                    throw new IllegalStateException("the baseline bulk had errors");
                }
            }
            double rate = documents.size() / seconds(start);
            es.indices().delete(d -> d.index(index));
            return rate;
        }
    }

    // --- Vigil ---------------------------------------------------------------------------------

    private double ingestViaKafka(List<String> observations) throws Exception {
        long before = recordsIn(prefix + "classified");
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer()) {
            int i = 0;
            for (String observation : observations) {
                producer.send(new ProducerRecord<>(prefix + "raw", "Patient/bench-" + (i++ % 200), observation));
            }
        }
        awaitRecords(prefix + "classified", before + observations.size(), Duration.ofMinutes(5));
        return observations.size() / seconds(start);
    }

    private double ingestViaHttp(List<String> observations, int perBundle, int senders) throws Exception {
        List<String> bundles = new ArrayList<>();
        for (int i = 0; i < observations.size(); i += perBundle) {
            Bundle bundle = new Bundle().setType(Bundle.BundleType.BATCH);
            for (String observation : observations.subList(i, Math.min(observations.size(), i + perBundle))) {
                bundle.addEntry().setResource(FHIR.parseResource(Observation.class, observation))
                        .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
            }
            bundles.add(FHIR.encodeResourceToString(bundle));
        }
        long before = recordsIn(prefix + "classified");
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        AtomicLong next = new AtomicLong();
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            running.add(pool.submit(() -> {
                for (int b; (b = (int) next.getAndIncrement()) < bundles.size(); ) {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(app + "/fhir"))
                            .header("Content-Type", "application/fhir+json").header("X-API-Key", env("VIGIL_API_KEY", ""))
                            .POST(HttpRequest.BodyPublishers.ofString(bundles.get(b))).build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException("POST /fhir answered " + answer.statusCode() + ": " + answer.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> sender : running) {
            sender.get();
        }
        pool.shutdown();
        awaitRecords(prefix + "classified", before + observations.size(), Duration.ofMinutes(5));
        return observations.size() / seconds(start);
    }

    /**
     * Monitors' ORU^R01 over MLLP, each connection a monitor sending its next message once the
     * last was acknowledged (AA comes after the records are on Kafka): messages per second until
     * every reading is classified.
     */
    private double ingestViaMllp(int messages, int connections) throws Exception {
        long before = recordsIn(prefix + "classified");
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<Long>> running = new ArrayList<>();
        int port = Integer.parseInt(env("VIGIL_MLLP_PORT", "2575"));
        for (int c = 0; c < connections; c++) {
            int monitor = c;
            running.add(pool.submit(() -> {
                GatewaySimulator.MllpSender sender = new GatewaySimulator.MllpSender(bind, port);
                SimulatedPatient patient = new SimulatedPatient(1000 + monitor, 7, 0.05);
                Instant time = Instant.parse("2026-12-01T08:00:00Z");
                for (int m = monitor; m < messages; m += connections) {
                    sender.send(patient.patientId(), patient.nextReadings(time.plusSeconds(60L * m)));
                }
                sender.close();
                if (sender.refused.get() > 0) {
                    throw new IllegalStateException(sender.refused.get() + " readings not acknowledged AA over MLLP");
                }
                return sender.accepted.get();
            }));
        }
        long readings = 0;
        for (Future<Long> sender : running) {
            readings += sender.get();
        }
        pool.shutdown();
        awaitRecords(prefix + "classified", before + readings, Duration.ofMinutes(5));
        return messages / seconds(start);
    }

    /**
     * The stores' sinks were stopped while the topics filled; now they are timed catching up, both
     * at once, as the baselines write. Each store reads in a consumer group of its own, so each one's
     * wall clock ends when its own lag reaches 0.
     */
    private double[] stores(int records) throws Exception {
        Map<String, Long> before = summary();
        long mongoBusyBefore = routeProcessingMillis("store-mongodb-bulk");
        long esBusyBefore = routeProcessingMillis("store-elasticsearch-bulk");
        long start = System.nanoTime();
        route("startRoute");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        Map<String, Long> after;
        double mongoElapsed = 0;
        double esElapsed = 0;
        do {
            Thread.sleep(100);
            after = summary();
            if (mongoElapsed == 0 && after.getOrDefault("store.mongodb.pending", 1L) == 0) {
                mongoElapsed = seconds(start);
            }
            if (esElapsed == 0 && after.getOrDefault("store.elasticsearch.pending", 1L) == 0) {
                esElapsed = seconds(start);
            }
        } while ((mongoElapsed == 0 || esElapsed == 0) && Instant.now().isBefore(deadline));
        if (mongoElapsed == 0 || esElapsed == 0) {
            throw new IllegalStateException("the stores did not catch up within 5 minutes: " + after);
        }
        long mongo = after.get("store.mongodb.written") - before.get("store.mongodb.written");
        long es = after.get("store.elasticsearch.written") - before.get("store.elasticsearch.written");
        // Each store's own write time (Camel's route statistics of the bulk routes), beside its wall clock.
        double mongoBusy = (routeProcessingMillis("store-mongodb-bulk") - mongoBusyBefore) / 1000.0;
        double esBusy = (routeProcessingMillis("store-elasticsearch-bulk") - esBusyBefore) / 1000.0;
        results.put("  stored in this step", String.format("%d records as %d MongoDB documents in %.1f s and %d Elasticsearch documents "
                + "in %.1f s, each store reading on its own; MongoDB bulk writes busy %.1f s, Elasticsearch bulk requests %.1f s",
                records, mongo, mongoElapsed, es, esElapsed, mongoBusy, esBusy));
        return new double[] {mongo / mongoElapsed, es / esElapsed};
    }

    /** What a ward mix gave, for the comparison after data growth. */
    private record WardMix(long classifiedP99, long alertP99, double throughput) {
    }

    /**
     * The simulator's ward (its patients' normal readings and 2 % episodes) at a fixed rate on the
     * raw topic, everything running: the latency of every record from its raw-topic timestamp to its
     * classified-topic timestamp, of every alert event from the reading that caused it, the store's
     * lag when sending stops and how long it takes to drain. With the stores' sinks stopped (a
     * baseline), nothing is stored while it runs, and the drain is the store catching up afterwards.
     */
    private WardMix wardMix(String label, int patients, int rate, int seconds, boolean storeStopped) throws Exception {
        if (storeStopped) {
            route("stopRoute");
        }
        String name = RUN + "-" + label.replaceAll("[^a-z]+", "");
        List<SimulatedPatient> ward = new ArrayList<>(patients);
        for (int p = 1; p <= patients; p++) {
            ward.add(new SimulatedPatient(p, 11, 0.02));
        }
        String classified = prefix + "classified";
        String alerts = prefix + "alerts";
        Map<String, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
        long[] lastClassifiedAt = {Long.MIN_VALUE};
        List<Long> toClassified = new ArrayList<>();
        List<Long> toAlert = new ArrayList<>();
        int total = rate * seconds;
        long storeLagAtEnd;
        double offered;
        long start;
        double window;
        Map<String, Double> cpuAtStart;
        Map<String, Double> cpuAtEnd;
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(classified, alerts)) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            cpuAtStart = processCpu();
            start = System.nanoTime();
            int sent = 0;
            int next = 0;
            Instant clinicalTime = Instant.now();
            try (KafkaProducer<String, String> producer = producer()) {
                while (sent < total) {
                    SimulatedPatient patient = ward.get(next++ % ward.size());
                    String patientId = "Patient/ward-" + name + "-" + patient.patientId().substring("Patient/sim-".length());
                    for (Observation observation : patient.nextReadings(clinicalTime.plusMillis(sent))) {
                        if (sent == total) {
                            break;
                        }
                        String id = "ward-" + name + "-" + sent;
                        observation.setId(id);
                        observation.setSubject(new org.hl7.fhir.r4.model.Reference(patientId));
                        String key = "Observation/" + id;
                        producer.send(new ProducerRecord<>(prefix + "raw", patientId, FHIR.encodeResourceToString(observation)),
                                (metadata, error) -> {
                                    if (error == null) {
                                        sentAt.put(key, metadata.timestamp());
                                    }
                                });
                        sent++;
                        long wait = start + (long) (sent * 1e9 / rate) - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        pollWard(consumer, classified, sentAt, lastClassifiedAt, toClassified, toAlert, Duration.ZERO);
                    }
                }
            }
            offered = total / seconds(start);
            storeLagAtEnd = summary().getOrDefault("store.pending", -1L);
            Instant deadline = Instant.now().plusSeconds(120);
            while (toClassified.size() < total && Instant.now().isBefore(deadline)) {
                pollWard(consumer, classified, sentAt, lastClassifiedAt, toClassified, toAlert, Duration.ofMillis(200));
            }
            pollWard(consumer, classified, sentAt, lastClassifiedAt, toClassified, toAlert, Duration.ofSeconds(2));
            window = seconds(start);
            cpuAtEnd = processCpu();
        }
        long firstSent = sentAt.values().stream().mapToLong(Long::longValue).min().orElse(lastClassifiedAt[0]);
        double throughput = toClassified.size() / Math.max(1e-3, (lastClassifiedAt[0] - firstSent) / 1000.0);
        if (storeStopped) {
            route("startRoute"); // the drain below is then the store catching up on the whole mix
        }
        long drainStart = System.nanoTime();
        awaitStoresIdle();
        double drain = seconds(drainStart);
        Collections.sort(toClassified);
        Collections.sort(toAlert);
        results.put("Vigil: " + label + ", offered", String.format("%,.0f Observations/s from %d patients for %d s (%d classified)",
                offered, patients, seconds, toClassified.size()));
        results.put("  " + label + ": every record, raw topic -> classified topic (target p99 <= 100 ms)", percentiles(toClassified));
        results.put("  " + label + ": every alert event, its reading -> the event (" + toAlert.size() + " events; target p99 <= 250 ms)",
                percentiles(toAlert));
        results.put("  " + label + ": store messages pending when sending stopped; time to drain them (target <= 30 s)",
                String.format("%,d messages; %.1f s", storeLagAtEnd, drain));
        results.put("  " + label + ": classified per second, from the first record sent to the last classified (Kafka timestamps)",
                String.format("%,.0f records/s", throughput));
        StringBuilder cpu = new StringBuilder();
        cpuAtEnd.forEach((process, used) -> cpu.append(cpu.length() == 0 ? "" : ", ").append(process)
                .append(String.format(" %.1f", used - cpuAtStart.getOrDefault(process, 0.0))));
        results.put("  " + label + ": CPU seconds of each process while it ran (" + String.format("%.0f s, so %.0f CPU-s on %d cores",
                window, window * Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors()) + ")", cpu.toString());
        return new WardMix(percentile(toClassified, 99), percentile(toAlert, 99), throughput);
    }

    /**
     * CPU seconds (user + system) each local process has used so far: the app and the services
     * from their pid files ({@code $VIGIL_HOME/run}), and this bench (the sender and reader).
     */
    private static Map<String, Double> processCpu() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String process : List.of("app", "kafka", "mongodb", "elasticsearch")) {
            try {
                String pid = Files.readString(Path.of(env("VIGIL_HOME", ".vigil"), "run", process + ".pid")).strip();
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), in clock ticks of 1/100 s.
                cpu.put(process, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0);
            } catch (IOException | RuntimeException e) {
                // not running here (e.g. a service on another host): not counted
            }
        }
        ProcessHandle.current().info().totalCpuDuration().ifPresent(d -> cpu.put("bench", d.toMillis() / 1000.0));
        return cpu;
    }

    private static void pollWard(KafkaConsumer<String, String> consumer, String classified, Map<String, Long> sentAt,
                                 long[] lastClassifiedAt, List<Long> toClassified, List<Long> toAlert, Duration timeout) throws IOException {
        for (ConsumerRecord<String, String> message : consumer.poll(timeout)) {
            JsonNode node = JSON.readTree(message.value());
            boolean isClassified = classified.equals(message.topic());
            String recordId = (isClassified ? node.path("recordId") : node.at("/alert/recordId")).asText().replaceAll("/_history/.*$", "");
            Long sent = sentAt.get(recordId);
            if (sent != null) {
                (isClassified ? toClassified : toAlert).add(message.timestamp() - sent);
                if (isClassified) {
                    lastClassifiedAt[0] = Math.max(lastClassifiedAt[0], message.timestamp());
                }
            }
        }
    }

    private static String percentiles(List<Long> sorted) {
        return String.format("p50 %d ms, p99 %d ms, max %d ms", percentile(sorted, 50), percentile(sorted, 99),
                sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1));
    }

    /** Every record Vigil wrote to Kafka so far: the end offsets of its topics but the raw input and the bench's own. */
    private long vigilWrites() throws Exception {
        long writes = 0;
        for (String topic : admin.listTopics().names().get(10, TimeUnit.SECONDS)) {
            if (topic.startsWith(prefix) && !topic.equals(prefix + "raw") && !topic.contains("bench")) {
                writes += recordsIn(topic);
            }
        }
        return writes;
    }

    /** What the stores hold now: records in MongoDB's records collection and alert states. */
    private String storedNow() {
        try (MongoClient mongo = MongoClients.create(mongoUri)) {
            var db = mongo.getDatabase("vigil");
            return String.format("%,d records, %,d alert states in MongoDB", db.getCollection("patients_record").estimatedDocumentCount(),
                    db.getCollection("vigil_alert_state").estimatedDocumentCount());
        }
    }

    /**
     * Brings the records collection and the observations index to {@code target} documents, written
     * straight with bulk requests (copies of this run's classified records under new ids and
     * patients, an hour earlier): feeding a million records through Vigil's own store would take
     * most of an hour on this machine, and what is measured after is whether the hot path's cost
     * grows with what is stored, not how it got there.
     */
    private void prefill(long target) throws Exception {
        List<Document> templates = documentsFrom(prefix + "classified", 5_000);
        long have;
        try (MongoClient mongo = MongoClients.create(mongoUri)) {
            have = mongo.getDatabase("vigil").getCollection("patients_record").estimatedDocumentCount();
        }
        long missing = target - have;
        if (missing <= 0 || templates.isEmpty()) {
            results.put("  prefilled", "nothing (" + have + " records stored already)");
            return;
        }
        long start = System.nanoTime();
        ExecutorService both = Executors.newFixedThreadPool(2);
        try (MongoClient mongo = MongoClients.create(mongoUri);
             Rest5Client rest = Rest5Client.builder(URI.create(esUri)).build();
             Rest5ClientTransport transport = new Rest5ClientTransport(rest, new JacksonJsonpMapper())) {
            MongoCollection<Document> records = mongo.getDatabase("vigil").getCollection("patients_record");
            ElasticsearchClient es = new ElasticsearchClient(transport);
            String index = "vigil-observations";
            Future<?> toMongo = both.submit(() -> {
                for (long i = 0; i < missing; i += 1000) {
                    List<WriteModel<Document>> bulk = new ArrayList<>(1000);
                    for (Document copy : copies(templates, i, Math.min(missing, i + 1000))) {
                        bulk.add(new com.mongodb.client.model.InsertOneModel<>(copy));
                    }
                    records.bulkWrite(bulk, new BulkWriteOptions().ordered(false));
                }
                return null;
            });
            Future<?> toEs = both.submit(() -> {
                for (long i = 0; i < missing; i += 1000) {
                    BulkRequest.Builder bulk = new BulkRequest.Builder();
                    for (Document copy : copies(templates, i, Math.min(missing, i + 1000))) {
                        Map<String, Object> source = new LinkedHashMap<>(copy);
                        String id = (String) source.remove("_id");
                        bulk.operations(op -> op.index(ix -> ix.index(index).id(id).document(source)));
                    }
                    if (es.bulk(bulk.build()).errors()) {
                        throw new IllegalStateException("the prefill's bulk had errors");
                    }
                }
                return null;
            });
            toMongo.get();
            toEs.get();
        } finally {
            both.shutdown();
        }
        results.put("  prefilled", String.format("%,d records into MongoDB and Elasticsearch in %.0f s (bulk, straight)", missing, seconds(start)));
    }

    private static List<Document> copies(List<Document> templates, long from, long to) {
        List<Document> copies = new ArrayList<>((int) (to - from));
        for (long i = from; i < to; i++) {
            Document copy = new Document(templates.get((int) (i % templates.size())));
            String id = "Observation/growth-" + RUN + "-" + i;
            copy.put("_id", id);
            copy.put("recordId", id);
            copy.put("patientId", "Patient/growth-" + RUN + "-" + (i % 20_000));
            if (copy.get("effectiveTime") instanceof String time) {
                try {
                    copy.put("effectiveTime", java.time.OffsetDateTime.parse(time).toInstant().minusSeconds(3600).toString());
                } catch (java.time.format.DateTimeParseException e) {
                    copy.remove("effectiveTime");
                }
            }
            copies.add(copy);
        }
        return copies;
    }

    /** Both stores' raw bulk rates, written at the same time (as Vigil writes them), each by its own wall clock. */
    private double[] storeBaselines(List<Document> documents) throws Exception {
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            Future<Double> mongo = both.submit(() -> mongoBulk(documents));
            Future<Double> es = both.submit(() -> elasticsearchBulk(documents));
            return new double[] {mongo.get(), es.get()};
        } finally {
            both.shutdown();
        }
    }

    /** Alarming Observations (a hypertensive crisis, each of a patient of its own) at a fixed rate; each one's alert opening is timed. */
    private void latency(int rate, int seconds, String conditions) throws Exception {
        List<String> observations = observations(rate * seconds, true);
        String alerts = prefix + "alerts";
        Map<String, Long> sentAt = new HashMap<>();
        List<Long> latencies = new ArrayList<>();
        long[] firstOpening = {Long.MAX_VALUE};
        long[] lastOpening = {Long.MIN_VALUE};
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(alerts, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(alerts, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            long start = System.nanoTime();
            try (KafkaProducer<String, String> producer = producer()) {
                for (int i = 0; i < observations.size(); i++) {
                    long due = start + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    String id = "Observation/bench-latency-" + i;
                    producer.send(new ProducerRecord<>(prefix + "raw", "Patient/latency-" + (i % 100), observations.get(i)),
                            (metadata, error) -> {
                                if (error == null) {
                                    synchronized (sentAt) {
                                        sentAt.put(id, metadata.timestamp());
                                    }
                                }
                            });
                    poll(consumer, latencies, sentAt, Duration.ZERO, firstOpening, lastOpening);
                }
                double offered = observations.size() / seconds(start);
                results.put("  offered rate reached (" + conditions + ")", String.format("%.0f Observations/s", offered));
            }
            Instant deadline = Instant.now().plusSeconds(60);
            while (latencies.size() < observations.size() && Instant.now().isBefore(deadline)) {
                poll(consumer, latencies, sentAt, Duration.ofMillis(200), firstOpening, lastOpening);
            }
        }
        double sustained = latencies.size() / Math.max(1e-3, (lastOpening[0] - firstOpening[0]) / 1000.0);
        Collections.sort(latencies);
        results.put("Vigil: alert openings at " + rate + " Observations/s, " + conditions + " (" + latencies.size() + " alerts)",
                String.format("%,.0f openings/s sustained (target >= 1,000 for 60 s); reading -> opening p50 %d ms, p95 %d ms, p99 %d ms,"
                                + " max %d ms (target p99 <= 2 s)", sustained,
                        percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                        latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1)));
    }

    private static void poll(KafkaConsumer<String, String> consumer, List<Long> latencies, Map<String, Long> sentAt,
                             Duration timeout, long[] firstOpening, long[] lastOpening) throws IOException {
        for (ConsumerRecord<String, String> alert : consumer.poll(timeout)) {
            // The alerts topic carries alert events; the time to an alert is the time to its opening.
            JsonNode event = JSON.readTree(alert.value());
            if (!"opened".equals(event.path("type").asText())) {
                continue;
            }
            String recordId = event.at("/alert/recordId").asText();
            String observation = recordId.replaceAll("/_history/.*$", "");
            Long sent;
            synchronized (sentAt) {
                sent = sentAt.get(observation);
            }
            if (sent != null) {
                latencies.add(alert.timestamp() - sent);
                firstOpening[0] = Math.min(firstOpening[0], alert.timestamp());
                lastOpening[0] = Math.max(lastOpening[0], alert.timestamp());
            }
        }
    }

    private void startTimeAndHeap() throws Exception {
        Path log = Path.of(env("VIGIL_HOME", ".vigil"), "logs", "app.log");
        Matcher started = Pattern.compile("Started VigilApplication in ([\\d.]+) seconds").matcher(Files.readString(log));
        String seconds = null;
        while (started.find()) {
            seconds = started.group(1);
        }
        results.put("Vigil: application start (target <= 10 s)", seconds == null ? "not found in " + log : seconds + " s");
        String pid = Files.readString(Path.of(env("VIGIL_HOME", ".vigil"), "run", "app.pid")).strip();
        run(List.of(jcmd(), pid, "GC.run"));
        JsonNode used = JSON.readTree(get("/actuator/metrics/jvm.memory.used?tag=area:heap")).path("measurements").get(0).path("value");
        JsonNode max = JSON.readTree(get("/actuator/metrics/jvm.memory.max?tag=area:heap")).path("measurements").get(0).path("value");
        results.put("Vigil: heap after the sustained run, after a GC (target <= 512 MB)",
                String.format("%.0f MB used of %.0f MB max", used.asDouble() / 1e6, max.asDouble() / 1e6));
    }

    private void jmh() throws Exception {
        Path json = Path.of("bench/target/jmh.json");
        run(List.of(java(), "-cp", System.getProperty("java.class.path"), "org.openjdk.jmh.Main",
                ClassificationBenchmark.class.getSimpleName(), "-f", "1", "-wi", "2", "-w", "3s", "-i", "3", "-r", "4s",
                "-t", "1", "-prof", "gc", "-rf", "json", "-rff", json.toString()));
        for (JsonNode result : JSON.readTree(json.toFile())) {
            String name = result.path("benchmark").asText().replaceAll(".*\\.", "");
            double score = result.path("primaryMetric").path("score").asDouble();
            JsonNode alloc = result.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
            // #24's targets: 1,000,000 vital-sign records/s, 500,000 heart-study rows/s (PMML risk model included).
            String target = name.equals("heartStudy") ? "500,000" : "1,000,000";
            results.put("JMH: classification, " + name + " (1 thread; target >= " + target + "/s per core)",
                    String.format("%,.0f records/s, %,.0f bytes allocated per record", score, alloc.asDouble()));
        }
    }

    // --- input -----------------------------------------------------------------------------------

    /** FHIR vital-sign Observations from the simulator's patients, as JSON; with {@code crisis}, every one a hypertensive crisis. */
    /** This run's name, in the ids of what it sends. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    static List<String> observations(int count, boolean crisis) {
        List<SimulatedPatient> ward = new ArrayList<>();
        for (int p = 1; p <= 200; p++) {
            ward.add(new SimulatedPatient(p, 7, 0.02));
        }
        List<String> out = new ArrayList<>(count);
        Instant time = Instant.parse("2026-12-01T06:00:00Z");
        int n = 0;
        while (out.size() < count) {
            SimulatedPatient patient = ward.get(n++ % ward.size());
            for (Observation observation : patient.nextReadings(time.plusSeconds(n))) {
                if (out.size() == count) {
                    break;
                }
                if (crisis) {
                    if (!observation.getCode().getCodingFirstRep().getCode().equals("85354-9")) {
                        continue;
                    }
                    observation.getComponent().get(0).setValue(new Quantity().setValue(205).setSystem("http://unitsofmeasure.org").setCode("mm[Hg]"));
                    observation.setId("bench-latency-" + out.size());
                    // A patient of its own: each reading opens one alert (an open alert's next crisis
                    // reading would only update it), new in every run.
                    observation.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/bench-latency-" + RUN + "-" + out.size()));
                } else {
                    observation.setId("bench-" + System.nanoTime() + "-" + out.size());
                }
                out.add(FHIR.encodeResourceToString(observation));
            }
        }
        return out;
    }

    /** The last messages of a topic as the documents Vigil stores ({@code _id} = record id; risk as indexed). */
    private List<Document> documentsFrom(String topic, int count) {
        List<Document> documents = new ArrayList<>(count);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            partitions.forEach(p -> consumer.seek(p, Math.max(0, end.get(p) - count / partitions.size())));
            Instant deadline = Instant.now().plusSeconds(60);
            while (documents.size() < count && Instant.now().isBefore(deadline)
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> message : consumer.poll(Duration.ofMillis(500))) {
                    Document document = Document.parse(message.value());
                    document.put("_id", document.getString("recordId"));
                    if (!(document.get("risk") instanceof Document)) {
                        document.remove("risk");
                    }
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    // --- helpers -------------------------------------------------------------------------------

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    private long recordsIn(String topic) throws Exception {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
    }

    private void awaitRecords(String topic, long count, Duration patience) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        while (recordsIn(topic) < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(topic + " did not reach " + count + " records within " + patience);
            }
            Thread.sleep(20);
        }
    }

    private Map<String, Long> summary() throws Exception {
        Map<String, Long> figures = new HashMap<>();
        for (String line : get("/api/pipeline/summary?format=text").split("\n")) {
            String[] kv = line.split("=", 2);
            if (kv.length == 2 && kv[1].matches("\\d+")) {
                figures.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return figures;
    }

    /** Stops or starts both stores' sinks (each store reads the topics in a consumer group of its own). */
    private void route(String operation) throws Exception {
        for (String sink : List.of("mongodb-sink", "elasticsearch-sink")) {
            String body = "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=vigil,type=routes,name=\\\"" + sink + "\\\"\",\"operation\":\""
                    + operation.replace("Route", "") + "()\"}";
            HttpResponse<String> answer = operatorHttp.send(asOperator("/actuator/jolokia")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (!answer.body().contains("\"status\":200")) {
                throw new IllegalStateException("could not " + operation + " " + sink + " over Jolokia: " + answer.body());
            }
        }
    }

    /** Total processing time of a route so far, from Camel's JMX statistics over Jolokia. */
    private long routeProcessingMillis(String routeId) throws Exception {
        String body = "{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=vigil,type=routes,name=\\\"" + routeId
                + "\\\"\",\"attribute\":\"TotalProcessingTime\"}";
        HttpResponse<String> answer = operatorHttp.send(asOperator("/actuator/jolokia")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(answer.body()).path("value");
        if (!value.isNumber()) {
            throw new IllegalStateException("no TotalProcessingTime for route " + routeId + ": " + answer.body());
        }
        return value.asLong();
    }

    private String get(String path) throws Exception {
        return operatorHttp.send(asOperator(path).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * The app's figures, metrics and Jolokia are the operator's (./vigil bench passes the local
     * operator's credentials). The bench signs in once, as a person would, and then rides on the
     * session: with Basic on every request each poll would verify the password (BCrypt, tens of
     * milliseconds of CPU by design), and the bench would measure its own polling.
     */
    private HttpRequest.Builder asOperator(String path) throws Exception {
        if (csrfToken() == null) {
            signIn();
        }
        return HttpRequest.newBuilder(URI.create(app + path)).header("X-XSRF-TOKEN", csrfToken());
    }

    private void signIn() throws Exception {
        String page = operatorHttp.send(HttpRequest.newBuilder(URI.create(app + "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        String[] credentials = env("VIGIL_OPERATOR_CREDENTIALS", ":").split(":", 2);
        if (!csrf.find() || credentials.length < 2) {
            throw new IllegalStateException("cannot sign in as the operator: no login form, or VIGIL_OPERATOR_CREDENTIALS unset");
        }
        String form = "username=" + java.net.URLEncoder.encode(credentials[0], StandardCharsets.UTF_8)
                + "&password=" + java.net.URLEncoder.encode(credentials[1], StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
        HttpResponse<Void> answer = operatorHttp.send(HttpRequest.newBuilder(URI.create(app + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.discarding());
        // The session's CSRF token is a new one, set by the first answer after signing in.
        HttpResponse<Void> first = operatorHttp.send(HttpRequest.newBuilder(URI.create(app + "/api/pipeline/summary?format=text")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.headers().firstValue("Location").orElse("").contains("error") || first.statusCode() != 200 || csrfToken() == null) {
            throw new IllegalStateException("the operator's sign-in was refused (" + answer.statusCode() + ", then " + first.statusCode() + ")");
        }
    }

    private String csrfToken() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> "XSRF-TOKEN".equals(c.getName()))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                out.append(line).append('\n');
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(4, command.size()))) + " failed:\n" + out);
        }
        return out.toString();
    }

    private void step(String what) {
        System.out.println("== " + what);
    }

    private void put(String what, double value, String unit) {
        results.put(what, String.format("%,.0f %s", value, unit));
    }

    private static String ratio(double vigil, double baseline) {
        return String.format("%.2f", vigil / baseline);
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String jcmd() {
        return Path.of(java()).resolveSibling("jcmd").toString();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private String table() {
        StringBuilder table = new StringBuilder("| measure | result |\n|---|---|\n");
        results.forEach((what, value) -> table.append("| ").append(what).append(" | ").append(value).append(" |\n"));
        return table.toString();
    }

    /** BENCHMARKS.md: this run's table first, with the machine and versions; earlier sections kept below. */
    private void writeBenchmarksMd(String table) throws IOException {
        Path file = Path.of("BENCHMARKS.md");
        String old = Files.exists(file) ? Files.readString(file) : "";
        String marker = "<!-- ./vigil bench: earlier runs below -->";
        String earlier = old.contains(marker) ? old.substring(old.indexOf(marker) + marker.length()) : "\n" + old.replaceFirst("^# Benchmarks\\s*", "");
        // The run this one replaces moves down with its notes, under its date: a --write never loses a run.
        String latest = "## Latest run";
        if (old.contains(latest) && old.contains(marker) && old.indexOf(latest) < old.indexOf(marker)) {
            String previous = old.substring(old.indexOf(latest) + latest.length(), old.indexOf(marker)).strip();
            String date = previous.matches("(?s)^\\d{4}-\\d{2}-\\d{2}.*") ? previous.substring(0, 10) : "an earlier day";
            earlier = "\n\n## The run of " + date + " before the one above\n\n" + previous.replace("\n### ", "\n#### ") + "\n" + earlier;
        }
        String machine = String.format("%s, %d cores, %.0f GiB heap limit for the bench JVM, Java %s (%s)",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1.073741824e9,
                System.getProperty("java.version"), System.getProperty("os.arch"));
        String text = "# Benchmarks\n\n"
                + "Written by `./vigil bench --write`: every figure below comes from one run on one machine, with the\n"
                + "local services (Kafka 3.9.1 KRaft, mongo-java-server 1.47.0, Elasticsearch 9.2.8 with 256 MB heap),\n"
                + "Vigil and the benchmark all on the same cores. These machines are noisy: compare the ratios, measured\n"
                + "in the same run, not absolute numbers across runs.\n\n"
                + "## Latest run\n\n" + machine + ". Settings: Vigil's defaults (ingest and classification batches of 500 / 20 ms,\n"
                + "store batches of 500 / 200 ms, producers acks=all, lz4); input generated before each clock starts;\n"
                + "10,000 Observations warm the JIT up before the first timed step; the ward mix (the simulator's\n"
                + "patients and episodes) runs with everything running, first on the stack as it is, then again after\n"
                + "the stores were brought to 1,000,000 records and with the storm's alert states still there; the ceiling\n"
                + "steps stop the stores' sinks, which are then timed catching up, each store reading the topics in a\n"
                + "consumer group of its own; both stores' baselines write at the same time, as Vigil's stores do, and\n"
                + "every store rate is by the wall clock of that store's own catch-up.\n\n"
                + table + "\n" + marker + earlier;
        Files.writeString(file, text);
    }
}
