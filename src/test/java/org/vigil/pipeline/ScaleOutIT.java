package org.vigil.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.alert.SpikeWatch;
import org.vigil.contract.Names;
import org.vigil.record.ClinicalRecord;
import org.vigil.testsupport.FreePorts;
import org.vigil.testsupport.IntegrationTestNames;
import org.vigil.testsupport.KafkaTestClient;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.News2Reference;
import org.vigil.testsupport.RecordJson;
import org.vigil.testsupport.SiteConfiguration;
import org.vigil.testsupport.StoreProbe;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilJar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scale-out: several Vigil instances (the packaged jar, each in its own JVM) in one Kafka consumer
 * group share the partitions of the ingest, classification, alert and store topics. Two instances
 * start and split the partitions; a third joins mid-stream (rebalance); one of the first two is
 * killed with SIGKILL mid-stream and the others take over its partitions (rebalance, with its
 * batches in flight read again). At the end every record is in both stores exactly once (ids
 * compared), every record's NEWS2 is what an uninterrupted single run gives (the per-patient
 * window moved with the partitions), each patient in a hypertensive crisis has one alert, and
 * nothing is dead-lettered. A routing rule changed in the site's folder, which every instance
 * reads, is picked up by each instance by itself, and each reports the version it runs. Prints
 * its counts.
 */
class ScaleOutIT {

    private static final ObjectMapper JSON = RecordJson.MAPPER;
    private static final int PATIENTS = 12;
    private static final int MINUTES = 45;
    private static final int IN_CRISIS = 2;
    /** Patients in a crisis now, more than the spike rule's 20 anomalies a minute: every instance checks, one alert opens. */
    private static final int SPIKE = 30;
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final String SPIKE_CONDITION = SpikeWatch.CONDITION;
    /** The start of each instance's Kafka client id: {@code scale-<instance>}. */
    private static final String MEMBER = "scale-";

    private final Map<String, Object> names = IntegrationTestNames.forTest("scale");
    private final String prefix = (String) names.get("vigil.kafka.topic-prefix");
    private final String group = (String) names.get("vigil.kafka.consumer-group");
    private final String records = prefix + "records";
    private final String classified = prefix + "classified";
    private final Map<String, VigilJar> instances = new TreeMap<>();
    /** The site's routes folder, the same for every instance (as a ConfigMap mounted in every pod). */
    private static final Path SITE_ROUTES = Path.of("target/it-scale-site/routes").toAbsolutePath();

    @BeforeAll
    static void services() throws IOException {
        LocalServices.properties(); // starts them when this is the first test of the run
        org.springframework.util.FileSystemUtils.deleteRecursively(SITE_ROUTES);
        Files.createDirectories(SITE_ROUTES);
        Files.writeString(SITE_ROUTES.resolve("site-outreach.yaml"), SiteConfiguration.outreachRoute("a", ""));
    }

    @AfterEach
    void stopInstances() throws InterruptedException {
        for (VigilJar instance : instances.values()) {
            instance.close();
        }
    }

    @Test
    void instancesInOneGroupShareThePartitionsAndTakeOverAKilledOnesWithNoLossNoDuplicateAndTheSameState() throws Exception {
        List<ClinicalRecord> input = new ArrayList<>(News2Reference.readings("scale-" + LocalServices.RUN_ID, PATIENTS, MINUTES, 29, IN_CRISIS));
        int third = input.size() / 3;
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            start("a", "b");
            Map<String, Set<TopicPartition>> two = awaitMembers(kafka, "-classify", records, 2);
            Map<String, Set<TopicPartition>> twoIngesting = awaitMembers(kafka, "-ingest", prefix + "raw", 2);
            Map<String, Set<TopicPartition>> twoStoring = awaitMembers(kafka, "-store", classified, 2);
            Map<String, Set<TopicPartition>> twoIndexing = awaitMembers(kafka, "-store-elasticsearch", classified, 2);
            Map<String, Set<TopicPartition>> twoAlerting = awaitMembers(kafka, "-alerts", classified, 2);
            send(kafka, input.subList(0, third), 0);
            await("the first third classified").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.recordsIn(classified) >= third);

            start("c");
            Map<String, Set<TopicPartition>> three = awaitMembers(kafka, "-classify", records, 3);
            send(kafka, input.subList(third, 2 * third), 0);
            await("the second third classified").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> distinctRecordIds() >= 2 * third);

            // The last third comes as a burst (a gateway sending its backlog) and b is killed in the
            // middle of it: what b had not committed, a and c read again once the group has rebalanced.
            Map<String, Double> classifiedBy = new TreeMap<>();
            for (Map.Entry<String, VigilJar> instance : instances.entrySet()) {
                classifiedBy.put(instance.getKey(), instance.getValue().counter(Names.Counter.ROUTING_MESSAGES));
            }
            // At the start of the burst, readings of now: the spike rule counts them in its window.
            input.addAll(2 * third, spike());
            CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> send(kafka, input.subList(2 * third, input.size()), 400));
            await("b busy with the burst").atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                    .until(() -> kafka.recordsIn(records) >= 2 * third + third / 2);
            instances.remove("b").kill();
            stream.get(5, TimeUnit.MINUTES);
            Map<String, Set<TopicPartition>> afterKill = awaitMembers(kafka, "-classify", records, 2);

            // The site changes its routing rule in the folder every instance reads: each picks it up
            // by itself and reports the version it runs.
            String rule = SiteConfiguration.outreachRoute("b", "");
            Path written = SITE_ROUTES.resolve(".site-outreach.yaml.tmp");
            Files.writeString(written, rule);
            Files.move(written, SITE_ROUTES.resolve("site-outreach.yaml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String ruleSha = sha256(rule);
            Map<String, String> runningRule = new TreeMap<>();
            await("every instance runs the new rule").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                for (Map.Entry<String, VigilJar> instance : instances.entrySet()) {
                    runningRule.put(instance.getKey(), instance.getValue().getAsOperator("/actuator/info")
                            .path("configuration").path("files").path("routes/site-outreach.yaml").asText());
                }
                return runningRule.values().stream().allMatch(ruleSha::equals);
            });
            Map<String, Set<TopicPartition>> storingAfterKill = awaitMembers(kafka, "-store", classified, 2);

            Set<String> sent = input.stream().map(ClinicalRecord::recordId).collect(Collectors.toSet());
            await("every record classified").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> distinctRecordIds() >= input.size());
            await("both stores hold every record").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> new HashSet<>(StoreProbe.mongoIds(names, "patients_record")).equals(sent)
                            && new HashSet<>(StoreProbe.elasticsearchIds(names, "observations")).equals(sent));
            await("the alert lifecycle caught up").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> kafka.lag(group + "-alerts", List.of(classified)) == 0);
            await("the spike alert").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> alerts(SPIKE_CONDITION).size() >= 1);
            // Through two more checks by every instance left (check-every 10 s): still one.
            await("one spike alert through two more checks").during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(2)).until(() -> alerts(SPIKE_CONDITION).size() == 1);

            List<String> inMongo = StoreProbe.mongoIds(names, "patients_record");
            List<String> inElasticsearch = StoreProbe.elasticsearchIds(names, "observations");
            Map<String, Integer> crisisAlerts = alertsByPatient(alerts("hypertensive-crisis"));
            List<Document> spikeAlerts = alerts(SPIKE_CONDITION);
            long deadLettered = kafka.recordsIn(prefix + "deadletter");
            Map<String, Set<String>> news2ByRecord = news2OnTheClassifiedTopic();
            Map<String, String> expected = News2Reference.uninterruptedRun(TopicReader.read(records, (int) kafka.recordsIn(records), Duration.ofSeconds(30)));
            long messages = kafka.recordsIn(classified);
            long differing = news2ByRecord.entrySet().stream().filter(e -> !e.getValue().equals(Set.of(expected.get(e.getKey())))).count();

            System.out.printf("ScaleOutIT: partitions held by each member, classification: 2 instances %s, 3 instances %s, after b was killed %s; "
                    + "with 2 instances, ingest %s, alert lifecycle %s, stores %s; stores after the kill %s%n",
                    describe(two), describe(three), describe(afterKill), describe(twoIngesting), describe(twoAlerting),
                    describe(twoStoring), describe(storingAfterKill));
            System.out.printf("ScaleOutIT: the site's rule changed in the shared folder: each instance reports (/actuator/info) %s%n", runningRule);
            System.out.printf("ScaleOutIT: classified per instance before the kill %s; %d records in, %d messages on the classified topic "
                    + "(%d classified twice, after a rebalance), %d with a NEWS2 differing from an uninterrupted run; stored %d in patients_record "
                    + "and %d in observations (%d and %d duplicated); %d patients in crisis, crisis alerts per patient %s; spike alerts %d; dead-lettered %d%n",
                    classifiedBy, input.size(), messages, messages - news2ByRecord.size(), differing, inMongo.size(), inElasticsearch.size(),
                    inMongo.size() - new HashSet<>(inMongo).size(), inElasticsearch.size() - new HashSet<>(inElasticsearch).size(),
                    IN_CRISIS + SPIKE, new TreeSet<>(crisisAlerts.values()), spikeAlerts.size(), deadLettered);

            assertThat(two.values()).as("two instances: each holds partitions").allSatisfy(p -> assertThat(p).isNotEmpty());
            assertThat(twoStoring.values()).as("two instances: each stores partitions").allSatisfy(p -> assertThat(p).isNotEmpty());
            assertThat(twoIndexing.values()).as("two instances: each indexes partitions").allSatisfy(p -> assertThat(p).isNotEmpty());
            assertThat(twoIngesting.values()).as("two instances: each ingests partitions").allSatisfy(p -> assertThat(p).isNotEmpty());
            assertThat(twoAlerting.values()).as("two instances: each runs the lifecycle of partitions").allSatisfy(p -> assertThat(p).isNotEmpty());
            assertThat(three.values()).as("three instances: one partition each").allSatisfy(p -> assertThat(p).hasSize(1));
            assertThat(afterKill.values().stream().mapToInt(Set::size).sum()).as("every partition taken over").isEqualTo(3);
            assertThat(classifiedBy.values()).as("every instance classified").allSatisfy(n -> assertThat(n).isPositive());
            assertThat(inMongo).as("MongoDB: every record once").hasSize(sent.size()).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(inElasticsearch).as("Elasticsearch: every record once").hasSize(sent.size()).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(news2ByRecord).hasSize(input.size());
            assertThat(differing).as("records whose NEWS2 differs from an uninterrupted run").isZero();
            assertThat(crisisAlerts).as("one crisis alert per patient in crisis, across the rebalances").hasSize(IN_CRISIS + SPIKE)
                    .allSatisfy((patient, alerts) -> assertThat(alerts).isEqualTo(1));
            assertThat(spikeAlerts).as("one spike alert, however many instances checked").hasSize(1);
            assertThat(deadLettered).as("nothing of this good input dead-lettered").isZero();
        }
    }

    /** Starts the instances at the same time (their start-ups overlap, as a rolling deployment's do) and waits for them. */
    private void start(String... ids) throws IOException {
        for (String id : ids) {
            instances.put(id, VigilJar.start(names, Map.of(
                    // One consumer per route and instance, so the group's members are the instances.
                    "vigil.kafka.consumers", 1,
                    // Each instance its own listener, as each pod has its own address.
                    "vigil.ingest.mllp.port", FreePorts.next(),
                    // A killed member leaves the group after this, not Kafka's default 45 s.
                    "camel.component.kafka.session-timeout-ms", 10000,
                    "vigil.routes.dir", SITE_ROUTES.toString(),
                    "vigil.config.poll-ms", 500,
                    // Its Kafka clients named after it, so each group's members name their instance.
                    "camel.component.kafka.client-id", MEMBER + id), "scale-it-vigil-" + id));
        }
        for (String id : ids) {
            instances.get(id).awaitReady(PATIENCE);
        }
    }

    /**
     * Waits until the group ({@code -classify}, {@code -store}, ...) has one member per running
     * instance ({@code count} of them), named by their client id, and no other, each holding
     * partitions, all of the topic's held. Returns each instance's partitions.
     */
    private Map<String, Set<TopicPartition>> awaitMembers(KafkaTestClient kafka, String suffix, String topic, int count) {
        Map<String, Set<TopicPartition>> last = new TreeMap<>();
        await(count + " members in " + group + suffix + ", one per instance of " + instances.keySet()).atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    last.clear();
                    Map<String, Set<TopicPartition>> members = kafka.members(group + suffix);
                    members.forEach((member, partitions) -> last.put(instanceOf(member), partitions));
                    long held = last.values().stream().flatMap(Set::stream).filter(p -> p.topic().equals(topic)).count();
                    return members.size() == count && last.keySet().equals(instances.keySet()) && held == 3
                            && last.values().stream().noneMatch(Set::isEmpty);
                });
        return Map.copyOf(last);
    }

    /** The instance a member belongs to, from its member id (its client id, then a dash and the broker's id for it). */
    private static String instanceOf(String memberId) {
        return memberId.startsWith(MEMBER) ? memberId.substring(MEMBER.length(), memberId.indexOf('-', MEMBER.length())) : memberId;
    }

    private static String sha256(String text) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String describe(Map<String, Set<TopicPartition>> members) {
        Map<String, String> each = new TreeMap<>();
        members.forEach((instance, partitions) -> each.put(instance, partitions.stream()
                .map(p -> p.topic().substring(p.topic().lastIndexOf('.') + 1) + "-" + p.partition()).sorted().collect(Collectors.joining(","))));
        return each.toString();
    }

    /** Publishes each record keyed by its patient; {@code perSecond} 0: as fast as acknowledged. */
    private void send(KafkaTestClient kafka, List<ClinicalRecord> batch, int perSecond) {
        long start = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            try {
                kafka.send(records, batch.get(i).partitionKey(), JSON.writeValueAsString(batch.get(i)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            if (perSecond > 0) {
                long wait = start + TimeUnit.SECONDS.toNanos(i + 1) / perSecond - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
        }
    }

    private long distinctRecordIds() throws Exception {
        return news2OnTheClassifiedTopic().size();
    }

    /** Record id → every NEWS2 result it was published with (one, if the state moved with its partition). */
    private Map<String, Set<String>> news2OnTheClassifiedTopic() throws Exception {
        Map<String, Set<String>> results = new HashMap<>();
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (ConsumerRecord<String, byte[]> message : TopicReader.read(classified, (int) kafka.recordsIn(classified), Duration.ofSeconds(30))) {
                JsonNode record = JSON.readTree(message.value());
                results.computeIfAbsent(record.get("recordId").asText(), id -> new HashSet<>()).add(News2Reference.news2(record.get("news2")));
            }
        }
        return results;
    }

    /** A crisis reading of now for each of {@link #SPIKE} patients of their own. */
    private static List<ClinicalRecord> spike() {
        List<ClinicalRecord> spike = new ArrayList<>();
        java.time.Instant now = java.time.Instant.now();
        for (int p = 0; p < SPIKE; p++) {
            String id = "scale-" + LocalServices.RUN_ID + "-spike-" + p;
            spike.add(new ClinicalRecord(id, "test:" + id, "Patient/" + id, now.plusMillis(p), null, null, null,
                    new org.vigil.record.VitalSigns(190.0, 125.0, null, null, null, null, null, null)));
        }
        return spike;
    }

    /** The alert view's alerts (MongoDB) of a condition. */
    private List<Document> alerts(String condition) {
        try (MongoClient mongo = MongoClients.create((String) LocalServices.properties().get("spring.data.mongodb.uri"))) {
            return mongo.getDatabase("vigil").getCollection((String) names.get("vigil.alerts.collections.alerts"))
                    .find(new Document("condition", condition)).into(new ArrayList<>());
        }
    }

    private static Map<String, Integer> alertsByPatient(List<Document> alerts) {
        Map<String, Integer> byPatient = new TreeMap<>();
        alerts.forEach(alert -> byPatient.merge(alert.getString("patientId"), 1, Integer::sum));
        return byPatient;
    }
}
