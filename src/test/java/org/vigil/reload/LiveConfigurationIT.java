package org.vigil.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.TestPropertySource;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.VitalSigns;
import org.vigil.security.ApiKeys;
import org.vigil.testsupport.KafkaTestClient;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.SiteConfiguration;
import org.vigil.testsupport.TestCredentials;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Routes and ConceptMaps changed while Vigil runs and records stream in through the real Kafka: a
 * site's routing rule (its route forwards the emergency topic to an outreach team's topic) is
 * changed to another team's topic, a ConceptMap for a ward's local codes is dropped in; a broken
 * route file and a broken ConceptMap are refused with their reasons and change nothing; an
 * operator's rollback restores the rule before; a version whose route fails what it takes is
 * rolled back by itself. Every record reaches one outreach topic exactly once (ids compared),
 * and the other routes never stop. Prints its counts. Also: what the folder holds at start-up
 * runs (an added route, a same-named file replacing a bundled one).
 */
@VigilIntegrationTest("live")
@TestPropertySource(properties = {
        // Inlined, not dynamic: the routes folder is read while the environment is prepared.
        "vigil.routes.dir=" + LiveConfigurationIT.SITE + "/routes", "vigil.terminology.dir=" + LiveConfigurationIT.SITE + "/terminology",
        "vigil.alerts.rules-file=file:" + LiveConfigurationIT.SITE + "/alert-rules.yaml",
        "vigil.config.poll-ms=300", "vigil.config.probation-seconds=60", "vigil.config.probation-failures=3"})
class LiveConfigurationIT {

    static final String SITE = "target/it-live";
    private static final Path ROUTES = Path.of(SITE, "routes");
    private static final Path TERMINOLOGY = Path.of(SITE, "terminology");
    private static final Path ALERT_RULES = Path.of(SITE, "alert-rules.yaml");
    private static final String CRISIS_TITLE = "title: Hypertensive crisis (above 180/120 mmHg)";
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A group that declares a code and no target for it. */
    private static final String BROKEN_MAP = """
            {"resourceType": "ConceptMap", "id": "broken", "url": "http://hospital.example/fhir/ConceptMap/broken", "status": "active",
             "group": [{"source": "http://hospital.example/fhir/CodeSystem/ward-obs", "target": "http://loinc.org",
                        "element": [{"code": "AF"}]}]}
            """;

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    TestRestTemplate http;
    @Autowired
    VigilProperties vigil;
    @Autowired
    ObjectMapper json;

    static {
        siteFolders();
    }

    /**
     * The site's folders as Vigil finds them at start-up: the outreach rule, an added route, and the
     * bundled csv-file-ingest route edited to read *.txt files instead (a same-named file replaces
     * the bundled one); no ConceptMap of its own yet.
     */
    private static void siteFolders() {
        try {
            for (Path dir : List.of(ROUTES, TERMINOLOGY)) {
                if (Files.isDirectory(dir)) {
                    try (var files = Files.walk(dir)) {
                        for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.delete(file);
                        }
                    }
                }
                Files.createDirectories(dir);
            }
            Files.writeString(ROUTES.resolve("site-outreach.yaml"), SiteConfiguration.outreachRoute("a", ""));
            Files.writeString(ALERT_RULES, bundledAlertRules());
            Files.writeString(ROUTES.resolve("ward-echo.yaml"), """
                    - route:
                        id: ward-echo
                        from:
                          uri: direct:ward-echo
                          steps:
                            - setBody:
                                simple: "echo ${body}"
                    """);
            String bundled = new ClassPathResource("routes/ingest/csv-file-ingest.yaml").getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            String include = "include: '.*\\.(csv|data)'";
            assertThat(bundled).contains(include);
            Files.writeString(ROUTES.resolve("csv-file-ingest.yaml"), bundled.replace(include, "include: '.*\\.txt'"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String bundledAlertRules() throws IOException {
        String rules = new ClassPathResource("alerts/alert-rules.yaml").getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(rules).contains(CRISIS_TITLE);
        return rules;
    }

    @Test
    void aRouteAddedInTheFolderRunsFromTheStart() {
        assertThat(camel.getRoute("ward-echo")).isNotNull();
        assertThat(producer.requestBody("direct:ward-echo", "bed 7", String.class)).isEqualTo("echo bed 7");
    }

    @Test
    void aSameNamedFileReplacesTheBundledRoute() {
        assertThat(camel.getRoute("csv-file-ingest").getEndpoint().getEndpointUri()).contains(".txt").doesNotContain(".csv");
        assertThat(camel.getRoute("csv-row")).as("other bundled routes still load").isNotNull();
    }

    private static final String FAILS_EVERY_MESSAGE = "        - throwException:\n            exceptionType: java.lang.IllegalStateException\n"
            + "            message: a rule that fails what it takes\n";

    @Test
    void routesAndConceptMapsChangeLiveWithNoRecordLostOrDoubledAndOtherRoutesRunning() throws Exception {
        Map<String, Route> others = new LinkedHashMap<>();
        for (String id : List.of(Names.Route.CLASSIFY, Names.Route.MONGODB_SINK, Names.Route.ELASTICSEARCH_SINK, Names.Route.HTTP_FHIR, Names.Route.KAFKA_RAW_INGEST)) {
            others.put(id, camel.getRoute(id));
        }
        Instant start = Instant.now();
        String prefix = vigil.kafka().topicPrefix();
        AtomicBoolean streaming = new AtomicBoolean(true);
        List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> streamCrisisReadings(kafka, streaming, sent));
            await("team a gets messages").atMost(PATIENCE).until(() -> count(kafka, prefix + "site-outreach-a") >= 20);

            // 1. The rule changes: team b from now on.
            write(ROUTES.resolve("site-outreach.yaml"), SiteConfiguration.outreachRoute("b", ""));
            awaitOutcome("routes/site-outreach.yaml", "applied");
            await("team b gets messages").atMost(PATIENCE).until(() -> count(kafka, prefix + "site-outreach-b") >= 20);

            // 2. A ConceptMap for the ward's local codes: refused before, read after.
            assertThat(postLocalHeartRate(1).getStatusCode().value()).isEqualTo(422);
            write(TERMINOLOGY.resolve("ward-obs.json"), SiteConfiguration.WARD_MAP);
            awaitOutcome("terminology/ward-obs.json", "applied");
            ResponseEntity<String> accepted = postLocalHeartRate(2);
            assertThat(accepted.getStatusCode().value()).as(accepted.getBody()).isEqualTo(201);
            assertThat(accepted.getBody()).contains("ward-obs|HF -> 8867-4");

            // 2b. The alert rules: the site's own wording for the crisis alert applies to later alerts; a
            //     rule naming something that is not an anomaly is refused and changes nothing.
            write(ALERT_RULES, bundledAlertRules().replace(CRISIS_TITLE, "title: Site crisis call (above 180/120 mmHg)"));
            awaitOutcome("alerts/alert-rules.yaml", "applied");
            await("alerts opened with the site's wording").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> alertsTitled(kafka, prefix, "Site crisis call") >= 5);
            write(ALERT_RULES, bundledAlertRules().replace("emergency: [HYPERTENSIVE_CRISIS]", "emergency: [HYPERTENSIVE_CRISIS, VERY_HIGH]"));
            String notAnAnomaly = awaitOutcome("alerts/alert-rules.yaml", "refused");
            assertThat(notAnAnomaly).contains("rule hypertensive-crisis names 'VERY_HIGH', which is not an anomaly");
            long siteWording = alertsTitled(kafka, prefix, "Site crisis call");
            await("the site's wording still in use").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> alertsTitled(kafka, prefix, "Site crisis call") >= siteWording + 5);

            // 3. Broken files are refused with their reasons and change nothing.
            write(ROUTES.resolve("site-outreach.yaml"), SiteConfiguration.outreachRoute("c", SiteConfiguration.NO_SUCH_BEAN));
            String noBean = awaitOutcome("routes/site-outreach.yaml", "refused");
            write(ROUTES.resolve("site-outreach.yaml"), SiteConfiguration.outreachRoute("c", "") + "  - : [unclosed\n");
            String notYaml = awaitOutcome("routes/site-outreach.yaml", "refused");
            write(ROUTES.resolve("site-outreach.yaml"), SiteConfiguration.outreachRoute("c", "").replace("{{vigil.kafka.topic-prefix}}site", "{{vigil.no-such-setting}}site"));
            String noPlaceholder = awaitOutcome("routes/site-outreach.yaml", "refused");
            write(TERMINOLOGY.resolve("broken.json"), BROKEN_MAP);
            String brokenMap = awaitOutcome("terminology/broken.json", "refused");
            assertThat(noBean).contains("noSuchBean");
            assertThat(notYaml).contains("not valid YAML");
            assertThat(noPlaceholder).contains("vigil.no-such-setting");
            assertThat(brokenMap).contains("code AF").contains("has no target");
            assertThat(postLocalHeartRate(3).getStatusCode().value()).as("the ward's map still in use").isEqualTo(201);
            assertThat(hawtioLog(start)).as("the refusals in Hawtio's Logs view")
                    .contains("Configuration change refused, nothing changed: routes/site-outreach.yaml: route site-outreach names the bean noSuchBean")
                    .contains("Configuration change refused, nothing changed: terminology/broken.json");
            long bBefore = count(kafka, prefix + "site-outreach-b");
            await("team b still gets messages: the refused versions changed nothing").atMost(PATIENCE)
                    .until(() -> count(kafka, prefix + "site-outreach-b") >= bBefore + 20);
            assertThat(count(kafka, prefix + "site-outreach-c")).isZero();

            // 4. An operator rolls the rule back: team a again.
            Map<?, ?> rolledBack = http.withBasicAuth(TestCredentials.OPERATOR, TestCredentials.PASSWORD)
                    .postForObject("/api/config/rollback?file=routes/site-outreach.yaml", null, Map.class);
            assertThat(rolledBack.get("outcome")).isEqualTo("rolled back");
            long aBefore = count(kafka, prefix + "site-outreach-a");
            await("team a gets messages again").atMost(PATIENCE).until(() -> count(kafka, prefix + "site-outreach-a") >= aBefore + 20);

            // 5. A version whose route fails everything it takes is rolled back by itself.
            write(ROUTES.resolve("site-outreach.yaml"), SiteConfiguration.outreachRoute("d", FAILS_EVERY_MESSAGE));
            awaitOutcome("routes/site-outreach.yaml", "applied");
            String onProbation = awaitOutcome("routes/site-outreach.yaml", "refused");
            assertThat(onProbation).matches("route site-outreach failed (\\d+) of \\1 exchanges within 60 s of being swapped in");
            awaitOutcome("routes/site-outreach.yaml", "rolled back");
            long aAfterProbation = count(kafka, prefix + "site-outreach-a");
            await("team a gets messages after the automatic rollback").atMost(PATIENCE)
                    .until(() -> count(kafka, prefix + "site-outreach-a") >= aAfterProbation + 20);

            // 6. With a sample message kept beside the file, a version that fails it is refused by the
            //    dry run before it runs; one that passes is applied and says where the sample went.
            Path samples = Files.createDirectories(ROUTES.resolve("site-outreach.samples"));
            Files.writeString(samples.resolve("crisis.json"), """
                    {"recordId": "sample-1", "patientId": "Patient/sample", "vitals": {"systolicBp": 190, "diastolicBp": 125}}
                    """);
            write(ROUTES.resolve("site-outreach.yaml"), SiteConfiguration.outreachRoute("e", FAILS_EVERY_MESSAGE));
            String dryRunRefusal = awaitOutcome("routes/site-outreach.yaml", "refused");
            assertThat(dryRunRefusal).isEqualTo("dry run: sample crisis.json failed in route site-outreach: a rule that fails what it takes");
            write(ROUTES.resolve("site-outreach.yaml"), SiteConfiguration.outreachRoute("b", ""));
            String dryRunApplied = awaitOutcome("routes/site-outreach.yaml", "applied");
            assertThat(dryRunApplied).endsWith("dry run: crisis.json -> kafka://" + prefix + "site-outreach-b");
            long bAfterDryRun = count(kafka, prefix + "site-outreach-b");
            await("team b gets messages after the dry run").atMost(PATIENCE).until(() -> count(kafka, prefix + "site-outreach-b") >= bAfterDryRun + 20);

            streaming.set(false);
            stream.join();
            int count = sent.size();
            await("every emergency message forwarded").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> count(kafka, prefix + "site-outreach-a") + count(kafka, prefix + "site-outreach-b") >= count);

            List<String> toA = recordIds(prefix + "site-outreach-a", kafka);
            List<String> toB = recordIds(prefix + "site-outreach-b", kafka);
            Set<String> forwarded = new HashSet<>(toA);
            forwarded.addAll(toB);
            Set<String> both = new HashSet<>(toA);
            both.retainAll(toB);
            List<String> emergency = recordIds(prefix + "emergency", kafka);
            System.out.printf("LiveConfigurationIT: %d crisis readings streamed, %d on the emergency topic (repeated there: %s); forwarded to "
                            + "team a %d, to team b %d (%d to both; repeated: %s); refused: %s | %s | %s | %s%n", count, emergency.size(),
                    repeated(emergency), toA.size(), toB.size(), both.size(), repeated(concat(toA, toB)), noBean, notYaml, noPlaceholder, brokenMap);
            assertThat(forwarded).as("every record forwarded").containsExactlyInAnyOrderElementsOf(new HashSet<>(sent));
            // The site route forwards each message of the emergency topic exactly once across the four
            // swaps: what a stopped version committed, the next one does not read again. (A message the
            // emergency topic holds twice, from a classification batch read again after a failure, is
            // forwarded twice: classification is at least once; the stores keep a record once, by id.)
            assertThat(occurrences(concat(toA, toB))).as("each emergency message forwarded once").isEqualTo(occurrences(emergency));
            assertThat(count(kafka, prefix + "site-outreach-c") + count(kafka, prefix + "site-outreach-d") + count(kafka, prefix + "site-outreach-e")).isZero();
        }
        long elapsed = Duration.between(start, Instant.now()).toMillis();
        others.forEach((id, route) -> {
            assertThat(camel.getRoute(id)).as(id + " is the same route").isSameAs(route);
            assertThat(route.getUptimeMillis()).as(id + " never stopped").isGreaterThanOrEqualTo(elapsed);
        });
        Map<?, ?> config = http.withBasicAuth(TestCredentials.OPERATOR, TestCredentials.PASSWORD).getForObject("/api/config", Map.class);
        assertThat(config.toString()).contains("routes/site-outreach.yaml").contains("terminology/ward-obs.json");
    }

    /** Crisis readings (so each reaches the emergency topic), one patient each, about 40 a second. */
    private void streamCrisisReadings(KafkaTestClient kafka, AtomicBoolean streaming, List<String> sent) {
        int n = 0;
        while (streaming.get()) {
            String id = "live-" + LocalServices.RUN_ID + "-" + n++;
            ClinicalRecord record = new ClinicalRecord(id, "test:" + id, "Patient/" + id, Instant.now(), null, null, null,
                    new VitalSigns(190.0, 125.0, null, null, null, null, null, null));
            try {
                kafka.send(vigil.kafka().topics().records(), record.partitionKey(), json.writeValueAsString(record));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            sent.add(id);
            java.util.concurrent.locks.LockSupport.parkNanos(25_000_000);
        }
    }

    /** The log events Hawtio's Logs view shows (its LogQuery MBean, read through Jolokia as Hawtio does), as text. */
    private String hawtioLog(Instant since) {
        Map<String, Object> request = Map.of("type", "exec", "mbean", "hawtio:type=LogQuery", "operation", "logResultsSince(long)",
                "arguments", List.of(since.toEpochMilli()));
        Map<?, ?> answer = http.withBasicAuth(TestCredentials.OPERATOR, TestCredentials.PASSWORD).postForObject("/actuator/jolokia", request, Map.class);
        assertThat(answer.get("status")).as(String.valueOf(answer)).isEqualTo(200);
        return String.valueOf(((Map<?, ?>) answer.get("value")).get("events"));
    }

    /** Alert events on the alerts topic whose alert has this title. */
    private static long alertsTitled(KafkaTestClient kafka, String prefix, String title) throws Exception {
        long n = 0;
        String topic = prefix + "alerts";
        for (ConsumerRecord<String, byte[]> message : TopicReader.read(topic, (int) count(kafka, topic), Duration.ofSeconds(30))) {
            if (JSON.readTree(message.value()).path("alert").path("title").asText().startsWith(title)) {
                n++;
            }
        }
        return n;
    }

    /** Waits for an outcome of a file not waited for before; answers its reason. */
    private String awaitOutcome(String file, String outcome) {
        String[] reason = new String[1];
        await(file + " " + outcome).atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
            Map<?, ?> config = http.withBasicAuth(TestCredentials.OPERATOR, TestCredentials.PASSWORD).getForObject("/api/config", Map.class);
            List<?> recent = new ArrayList<>((List<?>) config.get("recent"));
            java.util.Collections.reverse(recent); // oldest first
            for (Object entry : recent) {
                Map<?, ?> one = (Map<?, ?>) entry;
                if (file.equals(one.get("file")) && outcome.equals(one.get("outcome")) && isNew(one)) {
                    reason[0] = (String) one.get("reason");
                    return true;
                }
            }
            return false;
        });
        return reason[0];
    }

    private final Set<String> seen = new HashSet<>();

    /** Each outcome counts once: the next wait looks for a newer one. */
    private boolean isNew(Map<?, ?> outcome) {
        return seen.add(outcome.get("at") + " " + outcome.get("file") + " " + outcome.get("outcome"));
    }

    private void write(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temporary, content);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private ResponseEntity<String> postLocalHeartRate(int n) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
        headers.set(ApiKeys.HEADER, TestCredentials.GATEWAY_KEY);
        return http.postForEntity("/fhir/Observation", new HttpEntity<>(SiteConfiguration.localHeartRate("live-hr-" + n), headers), String.class);
    }

    /**
     * Messages on a topic; 0 while nobody has written to it (the broker creates it on first use).
     * Any other failure (the broker unreachable, a timeout) fails the test instead of reading as 0.
     */
    private static long count(KafkaTestClient kafka, String topic) throws Exception {
        try {
            return kafka.recordsIn(topic);
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                    return 0;
                }
            }
            throw e;
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Map<String, Long> occurrences(List<String> ids) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        ids.forEach(id -> counts.merge(id, 1L, Long::sum));
        return counts;
    }

    /** The ids that occur more than once, with how often. */
    private static Map<String, Long> repeated(List<String> ids) {
        Map<String, Long> counts = occurrences(ids);
        counts.values().removeIf(n -> n == 1);
        return counts;
    }

    private static List<String> recordIds(String topic, KafkaTestClient kafka) throws Exception {
        if (count(kafka, topic) == 0) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> message : TopicReader.read(topic, (int) kafka.recordsIn(topic), Duration.ofSeconds(30))) {
            JsonNode value = JSON.readTree(message.value());
            ids.add(value.path("recordId").asText());
        }
        return ids;
    }
}
