package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.vigil.config.HotPathLag;

/** A store batch waits while the alert path is behind, never longer than its limit, and not at all otherwise. */
class StoreYieldTest {

    private final HotPathLag hotPath = new HotPathLag();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aHotPathWithinItsLagDelaysNothing() throws InterruptedException {
        StoreYield yield = new StoreYield(hotPath, new StoreYield.Settings(true, 100, 60_000), meters);
        hotPath.classified(System.currentTimeMillis() - 20);

        assertThat(yield.waited()).isZero();
        assertThat(meters.timer("vigil.store.yielded").count()).isZero();
    }

    @Test
    void aHotPathBehindHoldsTheBatchUpToTheLimitThenLetsItGo() throws InterruptedException {
        StoreYield yield = new StoreYield(hotPath, new StoreYield.Settings(true, 100, 200), meters);
        hotPath.classified(System.currentTimeMillis() - 600);

        assertThat(yield.waited()).isGreaterThanOrEqualTo(200);
        assertThat(meters.timer("vigil.store.yielded").totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(200);
    }

    @Test
    void theBatchGoesAsSoonAsTheHotPathHasCaughtUp() throws Exception {
        StoreYield yield = new StoreYield(hotPath, new StoreYield.Settings(true, 100, 60_000), meters);
        hotPath.classified(System.currentTimeMillis() - 600);

        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            try {
                return yield.waited();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertThat(waited).as("still behind: the batch waits").isNotDone();
        hotPath.classified(System.currentTimeMillis() - 10);

        assertThat(waited.get(30, TimeUnit.SECONDS)).as("released by the catch-up, long before its 60 s limit").isLessThan(30_000);
    }

    @Test
    void turnedOffItNeverWaits() throws InterruptedException {
        StoreYield yield = new StoreYield(hotPath, new StoreYield.Settings(false, 100, 60_000), meters);
        hotPath.classified(System.currentTimeMillis() - 600);

        assertThat(yield.waited()).isZero();
    }
}
