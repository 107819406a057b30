package org.vigil.pipeline;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.vigil.record.ClinicalRecord;
import org.vigil.testsupport.IntegrationTestNames;
import org.vigil.testsupport.KafkaTestClient;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.RecordJson;
import org.vigil.testsupport.StoreProbe;
import org.vigil.testsupport.VigilJar;
import org.vigil.testsupport.VitalSignRecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Memory stays bounded under a 10x burst. The packaged jar (its own JVM, 512 MB heap limit) takes
 * the readings of one ward's 40 patients at a steady 100 records/s for 10 s, then twenty times
 * that, 2,000 records/s for 20 s, more than classification and the stores take here. Every 2 s the test asks
 * the jar for a full collection and reads the heap in use after it (the live heap, over Jolokia).
 * What Vigil cannot take yet waits in Kafka (the consumers' lag grows), not in Vigil: the live heap
 * under the burst stays within a fixed margin of the steady one, whatever the backlog. Then every
 * record is in both stores once. Prints the counts and the heap.
 */
class BurstMemoryIT {

    private static final ObjectMapper JSON = RecordJson.MAPPER;
    private static final int PATIENTS = 40;
    private static final int STEADY_RATE = 100;
    private static final int BURST_RATE = 20 * STEADY_RATE;
    private static final int SECONDS = 10;
    private static final int BURST_SECONDS = 20;
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /**
     * What the burst may add to the live heap: what Kafka's consumers fetch ahead and the batches
     * in flight (500 records each, at every stage), filling up and then staying as they are: 37 MB
     * seen here. A backlog held in Vigil would be the burst itself, 40,000 records, growing for as
     * long as the burst lasts: the records alone, held as read, added 26 MB more here (63 MB in
     * all, and the test failed), so the margin lies between the two. Kafka's own
     * buffers are bounded but large (each consumer of each group reads ahead 1 MB a partition,
     * each producer pools 32 MB: 56 MB were seen here at this rate), so this jar's consumers fetch
     * at most 256 KB a partition and its producers pool 4 MB ({@link #SMALL_KAFKA_BUFFERS}), as a site short of
     * memory would set them.
     */
    private static final long MARGIN = 56L * 1024 * 1024;
    private static final String SMALL_KAFKA_BUFFERS = "max.partition.fetch.bytes=262144\nfetch.max.bytes=1048576\nbuffer.memory=4194304\n";

    private final Map<String, Object> names = IntegrationTestNames.forTest("burst");
    private final String prefix = (String) names.get("vigil.kafka.topic-prefix");

    @Test
    void theLiveHeapUnderATwentyfoldBurstStaysWithinAFixedMarginOfTheSteadyOne() throws Exception {
        LocalServices.properties();
        int steady = STEADY_RATE * SECONDS;
        List<ClinicalRecord> input = VitalSignRecords.generate("burst-" + LocalServices.RUN_ID, steady + BURST_RATE * BURST_SECONDS, PATIENTS, 17);
        try (KafkaTestClient kafka = new KafkaTestClient();
             VigilJar vigil = VigilJar.start(names, Map.of("vigil.kafka.client-config", smallKafkaBuffers()), "burst-it-vigil").awaitReady(PATIENCE)) {
            Sampler sampler = new Sampler(vigil, kafka);
            send(kafka, input.subList(0, steady), STEADY_RATE);
            await("the steady stream classified").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.recordsIn(prefix + "classified") >= steady);
            long steadyPeak = sampler.peakAndReset();
            long steadyLag = sampler.lagPeak.getAndSet(0);

            send(kafka, input.subList(steady, input.size()), BURST_RATE);
            long burstPeak = sampler.peakAndReset();
            long burstLag = sampler.lagPeak.get();
            await("every record in MongoDB").atMost(PATIENCE).pollInterval(Duration.ofSeconds(2))
                    .until(() -> StoreProbe.mongoIds(names, "patients_record").size() >= input.size());
            long catchingUpPeak = sampler.stop();

            List<String> inMongo = StoreProbe.mongoIds(names, "patients_record");
            await("every record in Elasticsearch").atMost(PATIENCE).pollInterval(Duration.ofSeconds(2))
                    .until(() -> StoreProbe.elasticsearchIds(names, "observations").size() >= input.size());
            List<String> inElasticsearch = StoreProbe.elasticsearchIds(names, "observations");
            long deadLettered = kafka.recordsIn(prefix + "deadletter");
            System.out.printf("BurstMemoryIT: %d records in (%d at %d/s, then %d at %d/s); live heap peak %d MB steady, %d MB under the burst, "
                    + "%d MB catching up (limit 512 MB); lag peak %d steady, %d under the burst (waiting in Kafka); stored %d in patients_record "
                    + "and %d in observations (%d duplicated); %d dead-lettered%n", input.size(), steady, STEADY_RATE, input.size() - steady,
                    BURST_RATE, mb(steadyPeak), mb(burstPeak), mb(catchingUpPeak), steadyLag, burstLag, inMongo.size(), inElasticsearch.size(),
                    inMongo.size() + inElasticsearch.size() - new HashSet<>(inMongo).size() - new HashSet<>(inElasticsearch).size(), deadLettered);

            assertThat(burstLag).as("the burst waited in Kafka").isGreaterThan(steadyLag + BURST_RATE);
            assertThat(Math.max(burstPeak, catchingUpPeak)).as("live heap under the burst and catching up, against the steady %d MB", mb(steadyPeak))
                    .isLessThan(steadyPeak + MARGIN);
            assertThat(new HashSet<>(inMongo)).hasSize(input.size());
            assertThat(inElasticsearch).hasSize(input.size());
            assertThat(new HashSet<>(inElasticsearch)).hasSize(input.size());
            assertThat(deadLettered).isZero();
        }
    }

    /** Sends at {@code rate} records a second, as a ward's gateways would, without waiting for each acknowledgement. */
    private void send(KafkaTestClient kafka, List<ClinicalRecord> records, int rate) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < records.size(); i++) {
            ClinicalRecord record = records.get(i);
            kafka.sendWithoutWaiting(prefix + "records", record.partitionKey(), JSON.writeValueAsString(record));
            long wait = start + TimeUnit.SECONDS.toNanos(i + 1) / rate - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        kafka.flush();
    }

    /** The Kafka client file this jar reads (vigil.kafka.client-config): {@link #SMALL_KAFKA_BUFFERS}. */
    private static String smallKafkaBuffers() throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Path.of("target/burst-it-kafka-client.properties");
        java.nio.file.Files.writeString(file, SMALL_KAFKA_BUFFERS);
        return file.toAbsolutePath().toString();
    }

    private static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }

    /** Every 2 s: the jar's live heap and the pipeline's lag (classification's and the stores'), keeping the peaks. */
    private final class Sampler {

        private final AtomicLong heapPeak = new AtomicLong();
        private final AtomicLong lagPeak = new AtomicLong();
        private final CompletableFuture<Void> running;
        private volatile boolean stopped;

        Sampler(VigilJar vigil, KafkaTestClient kafka) {
            String group = (String) names.get("vigil.kafka.consumer-group");
            running = CompletableFuture.runAsync(() -> {
                while (!stopped) {
                    try {
                        heapPeak.accumulateAndGet(vigil.liveHeapBytes(), Math::max);
                        lagPeak.accumulateAndGet(kafka.lag(group + "-classify", List.of(prefix + "records"))
                                + Math.max(kafka.lag(group + "-store", List.of(prefix + "classified")),
                                        kafka.lag(group + "-store-elasticsearch", List.of(prefix + "classified"))), Math::max);
                        Thread.sleep(2000);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot sample the jar", e);
                    }
                }
            });
        }

        /** The peak since the last call, once at least one more sample was taken. */
        long peakAndReset() throws Exception {
            await("a heap sample").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> heapPeak.get() > 0);
            if (running.isDone()) {
                running.get();
            }
            return heapPeak.getAndSet(0);
        }

        long stop() throws Exception {
            long peak = peakAndReset();
            stopped = true;
            running.get(30, TimeUnit.SECONDS);
            return peak;
        }
    }
}
