package org.vigil.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.MllpTestClient;
import org.vigil.testsupport.TestCredentials;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100,000 generated inputs through the running ingest routes, as senders send them: 46,000 CSV
 * rows (HTTP, 1,000 a request), 30,000 FHIR JSON documents (NDJSON over HTTP, one per line, some
 * not JSON at all), 20,000 Bundle entries (batch Bundles of 1,000) and 4,000 HL7 v2 ORU^R01
 * messages (MLLP, eight connections: HL7 is the slowest input, see BENCHMARKS.md), all senders at once. Each is a valid input mutated (a field dropped, retyped,
 * replaced by noise, cut short, out of range) or left valid, from a fixed seed. Every answer is
 * read: no 500, no missing acknowledgement; every refused input is in the dead-letter topic with
 * its reason (counted per route); valid inputs are taken; after the run every route is still
 * started and a valid request is still taken. An input counts only once its answer has been read
 * (a row or entry in the response, an ACK, or the refusal of its whole request), and each answer
 * must account for every input its request carried. Prints the count answered and each outcome.
 */
@VigilIntegrationTest("routes-fuzz")
class IngestRoutesFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Monitors sending at once (Vigil serves 16 connections). */
    private static final int HL7_CONNECTIONS = 8;
    private static final String NOISE = "{}[],:\\|^~&0123456789.-+eE ÿ€\u202eabcxyz<>?'null true false";

    @LocalServerPort
    int port;
    @Value("${vigil.ingest.mllp.port}")
    int mllpPort;
    @Autowired
    VigilProperties vigil;
    @Autowired
    CamelContext camel;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final LongAdder refused = new LongAdder();
    /** Inputs sent (rows, documents, entries, messages; an NDJSON line cut to nothing is none). */
    private final LongAdder sent = new LongAdder();
    /** Inputs whose outcome was read from an answer (never counted when sent). */
    private final LongAdder answered = new LongAdder();

    @Test
    void oneHundredThousandGeneratedInputsThroughTheRoutes() throws Exception {
        long started = System.nanoTime();
        // Senders send at once, as a hospital's do: each request and connection its own task.
        ExecutorService monitors = Executors.newFixedThreadPool(HL7_CONNECTIONS);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        List<String> messages = hl7Messages(new Random(109));
        int share = messages.size() / HL7_CONNECTIONS;
        for (int connection = 0; connection < HL7_CONNECTIONS; connection++) {
            List<String> mine = messages.subList(connection * share, (connection + 1) * share);
            running.add(monitors.submit(() -> hl7(mine)));
        }
        for (int request = 0; request < 46; request++) {
            int r = request;
            running.add(senders.submit(() -> csv(r, new Random(1_000 + r))));
            if (r < 30) {
                running.add(senders.submit(() -> ndjson(r, new Random(2_000 + r))));
            }
            if (r < 20) {
                running.add(senders.submit(() -> bundle(r, new Random(3_000 + r))));
            }
        }
        for (Future<?> sender : running) {
            sender.get();
        }
        senders.shutdown();
        monitors.shutdown();

        List<ConsumerRecord<String, byte[]>> deadLetters = TopicReader.read(vigil.kafka().topics().deadletter(), (int) refused.sum(),
                Duration.ofMinutes(2));
        Map<String, Integer> byRoute = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> letter : deadLetters) {
            byRoute.merge(String.valueOf(TopicReader.header(letter, Names.Header.ERROR_ROUTE)), 1, Integer::sum);
            assertThat(TopicReader.header(letter, Names.Header.ERROR_MESSAGE)).as("a dead letter says why").isNotBlank();
        }
        System.out.printf("IngestRoutesFuzzIT: %d inputs sent, %d answered in %d s; outcomes %s; %d refused, %d dead letters (by route %s)%n",
                sent.sum(), answered.sum(), (System.nanoTime() - started) / 1_000_000_000, new TreeMap<>(outcomes), refused.sum(),
                deadLetters.size(), byRoute);

        assertThat(answered.sum()).as("every input sent answered").isEqualTo(sent.sum());
        assertThat(sent.sum()).as("100,000 generated, less the NDJSON lines cut to nothing").isGreaterThan(99_900);
        assertThat(outcomes.keySet()).as("no server error, no missing acknowledgement")
                .noneMatch(outcome -> outcome.matches(".* 5\\d\\d.*")).doesNotContain("hl7 no answer");
        assertThat(deadLetters).as("every refused input, once").hasSize((int) refused.sum());
        assertThat(camel.getRoutes()).filteredOn(org.apache.camel.Route::isAutoStartup).allSatisfy(route ->
                assertThat(camel.getRouteController().getRouteStatus(route.getRouteId())).as(route.getRouteId()).isEqualTo(ServiceStatus.Started));
        HttpResponse<String> still = post("/fhir/Observation", "application/fhir+json", Files.readString(Path.of("src/test/resources/fhir/heart-rate.json")),
                "after-fuzz-" + LocalServices.RUN_ID);
        assertThat(still.statusCode()).as("valid input still flows").isEqualTo(201);
    }

    // ---- CSV rows ------------------------------------------------------------------------------

    private Void csv(int request, Random random) throws Exception {
        List<String> rows = Files.readAllLines(Path.of("data/heart.csv")).subList(1, 1026);
        {
            StringBuilder body = new StringBuilder();
            int valid = 0;
            for (int i = 0; i < 1_000; i++) {
                String row = rows.get(random.nextInt(rows.size()));
                String mutated = random.nextInt(5) == 0 ? row : mutateCsv(row, random);
                valid += mutated.equals(row) ? 1 : 0;
                body.append(mutated).append('\n');
            }
            sent.add(1_000);
            HttpResponse<String> answer = post("/ingest/csv?coding=kaggle", "text/csv", body.toString(), "fuzz-csv-" + request + "-" + LocalServices.RUN_ID);
            if (answer.statusCode() != 200) {
                // The request refused as a whole: one dead letter, one answer for its 1,000 rows.
                count("csv request " + answer.statusCode(), 1);
                refused.increment();
                answered.add(1_000);
                return null;
            }
            JsonNode counts = JSON.readTree(answer.body());
            count("csv accepted", counts.path("accepted").asLong());
            count("csv rejected", counts.path("rejected").asLong());
            refused.add(counts.path("rejected").asLong());
            assertThat(counts.path("accepted").asLong() + counts.path("rejected").asLong()).as("every row of the request answered")
                    .isEqualTo(1_000);
            answered.add(1_000);
            assertThat(counts.path("accepted").asLong()).as("the unmutated rows are taken").isGreaterThanOrEqualTo(valid);
        }
        return null;
    }

    private static String mutateCsv(String row, Random random) {
        List<String> fields = new ArrayList<>(List.of(row.split(",", -1)));
        int at = random.nextInt(fields.size());
        switch (random.nextInt(7)) {
            case 0 -> fields.remove(at);
            case 1 -> fields.add(at, noise(random, 3));
            case 2 -> fields.set(at, noise(random, 1 + random.nextInt(8)).replace(",", ""));
            case 3 -> fields.set(at, String.valueOf(random.nextInt(2_000_000) - 1_000_000));
            case 4 -> fields.set(at, "");
            case 5 -> fields.set(at, fields.get(at) + ".5e3");
            default -> fields.set(at, "x".repeat(5000));
        }
        return String.join(",", fields);
    }

    // ---- FHIR documents as NDJSON --------------------------------------------------------------

    private Void ndjson(int request, Random random) throws Exception {
        List<String> observations = observations();
        {
            StringBuilder body = new StringBuilder();
            int documents = 0;
            for (int i = 0; i < 1_000; i++) {
                String json = withId(observations.get(random.nextInt(observations.size())), "fz-" + request + "-" + i);
                String line = random.nextInt(5) == 0 ? json : mutateJsonText(json, random);
                body.append(line).append('\n');
                documents += line.isBlank() ? 0 : 1; // a line cut to nothing is no document (NDJSON skips blank lines)
            }
            countBundleAnswer("ndjson", post("/fhir", "application/fhir+ndjson", body.toString(), "fuzz-ndjson-" + request + "-" + LocalServices.RUN_ID), documents);
        }
        return null;
    }

    private static String mutateJsonText(String json, Random random) {
        int at = random.nextInt(json.length());
        return switch (random.nextInt(5)) {
            case 0 -> json.substring(0, at);
            case 1 -> json.substring(0, at) + json.substring(Math.min(json.length(), at + 1 + random.nextInt(20)));
            case 2 -> json.substring(0, at) + noise(random, 1 + random.nextInt(4)) + json.substring(at);
            case 3 -> json.replaceFirst("\"value\"\\s*:\\s*[-0-9.]+", "\"value\":" + (random.nextBoolean() ? "\"" + noise(random, 3) + "\"" : "1e309"));
            default -> json.replace("\"subject\"", "\"subjekt\"");
        };
    }

    // ---- Bundle entries ------------------------------------------------------------------------

    private Void bundle(int request, Random random) throws Exception {
        List<String> observations = observations();
        {
            ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "batch");
            ArrayNode entries = bundle.putArray("entry");
            for (int i = 0; i < 1_000; i++) {
                ObjectNode resource = (ObjectNode) JSON.readTree(withId(observations.get(random.nextInt(observations.size())), "fb-" + request + "-" + i));
                if (random.nextInt(5) != 0) {
                    mutateTree(resource, random);
                }
                ObjectNode entry = entries.addObject();
                entry.set("resource", resource);
                entry.putObject("request").put("method", "POST").put("url", "Observation");
            }
            countBundleAnswer("bundle", post("/fhir", "application/fhir+json", JSON.writeValueAsString(bundle),
                    "fuzz-bundle-" + request + "-" + LocalServices.RUN_ID), 1_000);
        }
        return null;
    }

    private static void mutateTree(ObjectNode resource, Random random) {
        List<String> names = new ArrayList<>();
        resource.fieldNames().forEachRemaining(names::add);
        names.remove("resourceType");
        names.remove("id");
        String name = names.get(random.nextInt(names.size()));
        switch (random.nextInt(5)) {
            case 0 -> resource.remove(name);
            case 1 -> resource.put(name, noise(random, 5));
            case 2 -> resource.put(name, random.nextInt());
            case 3 -> resource.putArray(name).add(noise(random, 2));
            default -> resource.putObject(name).put("reference", noise(random, 4));
        }
    }

    private void countBundleAnswer(String kind, HttpResponse<String> answer, int inputs) throws Exception {
        sent.add(inputs);
        if (answer.statusCode() != 200) {
            // The request refused as a whole: one dead letter, one answer for all its inputs.
            count(kind + " request " + answer.statusCode(), 1);
            refused.increment();
            answered.add(inputs);
            return;
        }
        JsonNode entries = JSON.readTree(answer.body()).path("entry");
        assertThat(entries.size()).as("one response entry per " + kind + " input").isEqualTo(inputs);
        answered.add(entries.size());
        for (JsonNode entry : entries) {
            String status = entry.at("/response/status").asText();
            count(kind + " " + status, 1);
            if (status.startsWith("4")) {
                refused.increment();
            }
        }
    }

    // ---- HL7 v2 over MLLP ----------------------------------------------------------------------

    private static List<String> hl7Messages(Random random) throws Exception {
        String pcd01 = Files.readString(Path.of("src/test/resources/hl7/pcd01-monitor.hl7"), StandardCharsets.ISO_8859_1).replace("\n", "\r").strip();
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            // Its own control id (so its own record ids), then everything after MSH mutated or not.
            String message = pcd01.replace("|PCD-0001|", "|FZ-" + LocalServices.RUN_ID + "-" + i + "|");
            int msh = message.indexOf('\r');
            messages.add(random.nextInt(5) == 0 ? message : message.substring(0, msh) + mutateHl7(message.substring(msh), random));
        }
        return messages;
    }

    private Void hl7(List<String> share) throws Exception {
        try (MllpTestClient monitor = new MllpTestClient(mllpPort, Duration.ofSeconds(30))) {
            for (String message : share) {
                sent.increment();
                String ack = monitor.exchange(message.getBytes(StandardCharsets.ISO_8859_1));
                if (ack == null) {
                    count("hl7 no answer", 1);
                    continue;
                }
                answered.increment();
                String code = ack.replaceAll("(?s).*MSA\\|([A-Z]{2}).*", "$1");
                count("hl7 " + code, 1);
                if (!"AA".equals(code)) {
                    refused.increment();
                }
            }
        }
        return null;
    }

    private static String mutateHl7(String segments, Random random) {
        int at = 1 + random.nextInt(segments.length() - 1);
        return switch (random.nextInt(5)) {
            case 0 -> segments.substring(0, at);
            case 1 -> segments.substring(0, at) + noise(random, 1 + random.nextInt(6)) + segments.substring(at);
            case 2 -> segments.replaceFirst("\\|NM\\|", "|" + noise(random, 2).replace("\r", "") + "|");
            case 3 -> segments.replaceFirst("\\|186\\|", "|" + noise(random, 3) + "|");
            default -> segments.replaceFirst("\rPID[^\r]*", "");
        };
    }

    // ---- helpers -------------------------------------------------------------------------------

    private HttpResponse<String> post(String path, String contentType, String body, String requestId) throws Exception {
        return http.send(TestCredentials.asGateway(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)))
                        .header("Content-Type", contentType).header(Names.Header.REQUEST_ID, requestId)
                        .timeout(Duration.ofMinutes(3)).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> observations() throws Exception {
        List<String> all = new ArrayList<>();
        for (String file : List.of("heart-rate", "blood-pressure", "body-temperature", "oxygen-saturation", "respiratory-rate")) {
            all.add(JSON.writeValueAsString(JSON.readTree(Files.readString(Path.of("src/test/resources/fhir/" + file + ".json")))));
        }
        return all;
    }

    /** Each document its own id, so that two accepted ones are two records. */
    private static String withId(String json, String id) {
        return json.replaceFirst("\"id\":\"[^\"]*\"", "\"id\":\"" + id + "\"");
    }

    private static String noise(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(NOISE.charAt(random.nextInt(NOISE.length())));
        }
        return text.toString();
    }

    private void count(String outcome, long n) {
        outcomes.computeIfAbsent(outcome, o -> new LongAdder()).add(n);
    }
}
