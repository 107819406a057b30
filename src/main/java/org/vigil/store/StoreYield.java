package org.vigil.store;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.vigil.config.HotPathLag;

/**
 * The stores give way to the alert path. Before a store batch is written, while this instance's
 * classification is further behind than {@code vigil.store.yield.lag-ms} ({@link HotPathLag}),
 * the batch waits, up to {@code max-wait-ms}, then is written anyway, so the store always
 * progresses. On one machine the stores' writing (Vigil's store route and, above all, the
 * database servers it drives) takes the cores the alert path needs; what waits here is written
 * moments later, and Kafka holds it meanwhile. With the stores on their own hosts the hot path is
 * rarely behind and nothing waits. The time waited is the meter {@code vigil.store.yielded}.
 */
@Component("storeYield")
@EnableConfigurationProperties(StoreYield.Settings.class)
public class StoreYield {

    /**
     * {@code vigil.store.yield.*}.
     *
     * @param enabled    whether the stores give way at all
     * @param lagMs      the hot path's lag (its latest batch's oldest record, ingest to classified)
     *                   above which a store batch waits
     * @param maxWaitMs  the longest one store batch waits, however far behind the hot path is
     */
    @ConfigurationProperties(prefix = "vigil.store.yield")
    public record Settings(boolean enabled, long lagMs, long maxWaitMs) {
        public Settings {
            if (lagMs < 0 || maxWaitMs < 0) {
                throw new IllegalArgumentException("vigil.store.yield.lag-ms and max-wait-ms must not be negative");
            }
        }
    }

    /** How often the lag is looked at again while waiting. */
    static final long STEP_MS = 10;

    private final HotPathLag hotPath;
    private final Settings settings;
    private final Timer yielded;

    public StoreYield(HotPathLag hotPath, Settings settings, MeterRegistry meters) {
        this.hotPath = hotPath;
        this.settings = settings;
        this.yielded = Timer.builder("vigil.store.yielded")
                .description("Time store batches waited for the alert path to catch up").register(meters);
    }

    /** Waits while the hot path is behind, at most max-wait-ms (the store route, before each batch). */
    public void giveWay() throws InterruptedException {
        waited();
    }

    /** {@link #giveWay}, returning the milliseconds waited. */
    long waited() throws InterruptedException {
        if (!settings.enabled() || hotPath.lagMillis() <= settings.lagMs()) {
            return 0;
        }
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(settings.maxWaitMs());
        while (hotPath.lagMillis() > settings.lagMs() && System.nanoTime() < deadline) {
            Thread.sleep(STEP_MS);
        }
        long waited = System.nanoTime() - start;
        yielded.record(waited, TimeUnit.NANOSECONDS);
        return TimeUnit.NANOSECONDS.toMillis(waited);
    }
}
