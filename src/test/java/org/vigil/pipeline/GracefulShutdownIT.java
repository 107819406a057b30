package org.vigil.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.VitalSigns;
import org.vigil.testsupport.IntegrationTestNames;
import org.vigil.testsupport.KafkaTestClient;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.RecordJson;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilJar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopped as a container runtime stops it (SIGTERM) in the middle of a stream, the packaged jar
 * finishes the batches it is working on, commits them and exits within its shutdown timeout
 * (vigil.shutdown-timeout-seconds); started again, it goes on where it stopped: every record is
 * classified exactly once over both runs (nothing lost, nothing read again). Prints the counts.
 */
class GracefulShutdownIT {

    private static final ObjectMapper JSON = RecordJson.MAPPER;
    private static final int RECORDS = 1_500;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private final Map<String, Object> names = IntegrationTestNames.forTest("shutdown");
    private final String records = names.get("vigil.kafka.topic-prefix") + "records";
    private final String classified = names.get("vigil.kafka.topic-prefix") + "classified";

    @Test
    void aStopMidStreamFinishesItsBatchesAndTheRestartGoesOnWhereItStopped() throws Exception {
        LocalServices.properties();
        List<ClinicalRecord> input = new ArrayList<>();
        Instant start = Instant.parse("2026-11-30T08:00:00Z");
        for (int i = 0; i < RECORDS; i++) {
            String patient = "Patient/stop-" + LocalServices.RUN_ID + "-" + (i % 40);
            input.add(new ClinicalRecord("stop-" + LocalServices.RUN_ID + "-" + i, "test:stop-" + i, patient, start.plusSeconds(i), null, null,
                    null, new VitalSigns(120.0 + i % 40, 80.0, 70.0 + i % 20, 16.0, 97.0, 36.8, false, null)));
        }
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            VigilJar vigil = VigilJar.start(names, Map.of(), "shutdown-it-vigil-1").awaitReady(PATIENCE);
            // A ward's gateways keep sending (100 records/s) while Vigil is stopped and started again.
            java.util.concurrent.CompletableFuture<Void> stream = java.util.concurrent.CompletableFuture.runAsync(() -> {
                for (int i = 0; i < input.size(); i++) {
                    try {
                        kafka.send(records, input.get(i).partitionKey(), JSON.writeValueAsString(input.get(i)));
                        if (i % 10 == 9) {
                            Thread.sleep(100);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            await("classification under way").atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> kafka.recordsIn(classified) >= RECORDS / 5);
            long stopping = System.nanoTime();
            int exit = vigil.stop();
            long stopMillis = (System.nanoTime() - stopping) / 1_000_000;
            long classifiedBeforeStop = kafka.recordsIn(classified);

            VigilJar again = VigilJar.start(names, Map.of(), "shutdown-it-vigil-2").awaitReady(PATIENCE);
            try {
                stream.get(2, java.util.concurrent.TimeUnit.MINUTES);
                await("every record classified").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .until(() -> kafka.recordsIn(classified) >= RECORDS);
            } finally {
                again.stop();
            }
            List<ConsumerRecord<String, byte[]>> messages = TopicReader.read(classified, RECORDS, Duration.ofSeconds(30));
            Set<String> ids = new HashSet<>();
            for (ConsumerRecord<String, byte[]> message : messages) {
                ids.add(JSON.readTree(message.value()).get("recordId").asText());
            }
            System.out.printf("GracefulShutdownIT: %d records in; SIGTERM after %d classified, exited (code %d) in %d ms; "
                    + "after the restart %d messages on the classified topic for %d records (%d classified twice)%n",
                    RECORDS, classifiedBeforeStop, exit, stopMillis, messages.size(), ids.size(), messages.size() - ids.size());
            assertThat(classifiedBeforeStop).as("stopped mid-stream").isLessThan(RECORDS);
            assertThat(stopMillis).as("within the shutdown timeout (10 s in the tests) and a margin").isLessThan(30_000);
            assertThat(ids).as("nothing lost").hasSize(RECORDS);
            assertThat(messages).as("nothing classified twice: the batches in flight were finished and committed").hasSize(RECORDS);
        }
    }
}
