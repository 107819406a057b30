package org.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The hot path's lag: its latest batch's oldest record, and none once it has been idle. */
class HotPathLagTest {

    private Instant now = Instant.parse("2026-12-07T15:00:00Z");
    private final HotPathLag lag = new HotPathLag(new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void theOldestRecordOfTheLatestBatchIsTheLag() {
        assertThat(lag.lagMillis()).as("nothing classified yet").isZero();
        lag.classifiedBatch(List.of(record(now.minusMillis(40)), record(now.minusMillis(700)), record(now.minusMillis(5))));
        assertThat(lag.lagMillis()).isEqualTo(700);

        now = now.plusMillis(100);
        lag.classifiedBatch(List.of(record(now.minusMillis(30))));
        assertThat(lag.lagMillis()).as("the latest batch counts, not the worst").isEqualTo(30);
    }

    @Test
    void aHotPathIdleForASecondIsNotBehind() {
        lag.classifiedBatch(List.of(record(now.minusMillis(900))));
        now = now.plusMillis(HotPathLag.IDLE_AFTER_MS);
        assertThat(lag.lagMillis()).isEqualTo(900);
        now = now.plusMillis(1);
        assertThat(lag.lagMillis()).isZero();
    }

    private static Exchange record(Instant timestamp) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(KafkaConstants.TIMESTAMP, timestamp.toEpochMilli());
        return exchange;
    }
}
