package org.vigil.ingest.hl7;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.MllpTestClient;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HL7 v2 acceptance corpus ({@code src/test/resources/hl7-corpus/}: messages other people
 * published, with their sources in SOURCES.md) sent as they are, each in its own MLLP frame over a
 * real socket, against {@code expected.csv}: the ACK code, the outcome (accepted, refused, not used)
 * and how many records reached the records topic, derived by reading each message (READING.md);
 * the two published PCD-04 alarms become device alarms on the alerts topic.
 */
@VigilIntegrationTest("hl7corpus")
class Hl7CorpusIT {

    private static final Path CORPUS = Path.of("src/test/resources/hl7-corpus");
    private static final Pattern MSA = Pattern.compile("MSA\\|([A-Z]{2})\\|[^|\\r]*\\|?([^|\\r]*)");

    @Value("${vigil.ingest.mllp.port}")
    int port;
    @Value("${vigil.kafka.topics.records}")
    String recordsTopic;
    @Value("${vigil.kafka.topics.classified}")
    String classifiedTopic;
    @Value("${vigil.kafka.topics.alerts}")
    String alertsTopic;
    @org.springframework.boot.test.web.server.LocalServerPort
    int httpPort;

    /** One line of the table: what a message got. */
    record Outcome(String file, String ack, String outcome, int records) {
        @Override
        public String toString() {
            return file + "," + ack + "," + outcome + "," + records;
        }
    }

    @Test
    void everyMessageOfTheCorpusGetsTheAnswerAndTheRecordsItsReadingSays() throws Exception {
        List<Outcome> expected = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("expected.csv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("file,")) {
                continue;
            }
            String[] cells = line.split(",", 5);
            expected.add(new Outcome(cells[0], cells[1], cells[2], Integer.parseInt(cells[3])));
        }
        assertThat(expected).as("the whole corpus has a reading").hasSize((int) Files.list(CORPUS).filter(f -> f.toString().endsWith(".hl7")).count());

        List<Outcome> actual = new ArrayList<>();
        try (KafkaConsumer<String, String> records = consumer()) {
            List<TopicPartition> partitions = records.partitionsFor(recordsTopic).stream()
                    .map(p -> new TopicPartition(recordsTopic, p.partition())).toList();
            records.assign(partitions);
            records.seekToEnd(partitions);
            partitions.forEach(records::position);
            for (Outcome row : expected) {
                byte[] message = Files.readAllBytes(CORPUS.resolve(row.file()));
                String ack;
                try (MllpTestClient sender = new MllpTestClient(port, Duration.ofSeconds(30))) {
                    ack = sender.exchange(message);
                }
                assertThat(ack).as(row.file() + ": an answer, not a closed connection").isNotNull();
                Matcher msa = MSA.matcher(ack);
                assertThat(msa.find()).as(row.file() + ": an MSA segment in " + ack).isTrue();
                String code = msa.group(1);
                String outcome = !code.equals("AA") ? "refused" : ack.contains("not used:") ? "not used" : "accepted";
                // AA comes once Kafka has the records (acks=all): read up to the end as it is now.
                Map<TopicPartition, Long> end = records.endOffsets(partitions);
                int count = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (partitions.stream().anyMatch(p -> records.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> ignored : records.poll(Duration.ofMillis(200))) {
                        count++;
                    }
                }
                actual.add(new Outcome(row.file(), code, outcome, count));
                System.out.printf("Hl7CorpusIT: %s -> %s %s, %d record(s)%s%n", row.file(), code, outcome, count,
                        code.equals("AA") && !outcome.equals("not used") ? "" : ": " + msa.group(2));
            }
        }
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(actual).as("no valid message answered AE").noneMatch(o -> o.ack().equals("AE"));

        // The ICU monitor's arterial pressure and pulse are scored by NEWS2 (classification, after the records topic).
        int published = actual.stream().mapToInt(Outcome::records).sum();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> icu = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> classified : org.vigil.testsupport.TopicReader.read(classifiedTopic, published, Duration.ofSeconds(15))) {
            com.fasterxml.jackson.databind.JsonNode message = json.readTree(classified.value());
            if ("Patient/HO2009001".equals(message.path("patientId").asText()) && message.has("news2")) {
                icu.add(message);
            }
        }
        assertThat(icu).as("the ICU monitor's records, classified").isNotEmpty();
        assertThat(icu.get(icu.size() - 1).path("news2").path("scores").has("SYSTOLIC_BP")).as(icu.toString()).isTrue();
        assertThat(icu.get(icu.size() - 1).path("news2").path("scores").has("PULSE")).as(icu.toString()).isTrue();

        // The NIST tool's two PCD-04 alarms are device alarms on the alerts topic: the ECG tachycardia (high
        // priority: emergency) and the pump's empty battery (no priority: warning).
        Map<String, String> deviceAlarms = new java.util.TreeMap<>();
        org.awaitility.Awaitility.await("the corpus's device alarms on the alerts topic").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    for (ConsumerRecord<String, byte[]> event : org.vigil.testsupport.TopicReader.read(alertsTopic, 1000, Duration.ofSeconds(2))) {
                        com.fasterxml.jackson.databind.JsonNode alert = json.readTree(event.value()).path("alert");
                        if ("device-alarm".equals(alert.path("rule").asText())) {
                            deviceAlarms.put(alert.path("patientId").asText() + " " + alert.path("condition").asText(), alert.path("severity").asText());
                        }
                    }
                    return deviceAlarms.size() >= 2;
                });
        assertThat(deviceAlarms).containsExactly(
                Map.entry("Patient/1283464288 device-alarm:MDC_EVT_ECG_TACHY@MDC_ECG_CARD_BEAT_RATE", "emergency"),
                Map.entry("Patient/HO2009001 device-alarm:MDC_EVT_BATT_DEPL@MDC_DEV_PUMP_INFUS_LVP_MDS", "warning"));

        // The pipeline summary counts the messages not used, per message type.
        Map<String, Long> notUsed = new java.util.TreeMap<>();
        for (Outcome row : expected) {
            if (row.outcome().equals("not used")) {
                notUsed.merge("ingest.not-used.HL7:" + typeOf(CORPUS.resolve(row.file())), 1L, Long::sum);
            }
        }
        com.fasterxml.jackson.databind.JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                java.net.http.HttpClient.newHttpClient().send(org.vigil.testsupport.TestCredentials.asOperator(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + httpPort + "/api/pipeline/summary"))).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        System.out.println("Hl7CorpusIT: not used per type " + notUsed);
        notUsed.forEach((figure, count) -> assertThat(summary.path(figure).asLong()).as(figure).isEqualTo(count));
    }

    /** MSH-9's message code and trigger event, as the file's first segment says them. */
    private static String typeOf(Path file) throws Exception {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).replace("\uFEFF", "");
        int msh = text.indexOf("MSH");
        char separator = text.charAt(msh + 3);
        String[] fields = text.substring(msh).split("[\r\n]", 2)[0].split(Pattern.quote(String.valueOf(separator)), -1);
        String[] type = fields[8].split(Pattern.quote(String.valueOf(fields[1].charAt(0))));
        return type[0] + "^" + type[1];
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalServices.kafkaBrokers());
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(settings);
    }
}
