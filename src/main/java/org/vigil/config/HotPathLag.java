package org.vigil.config;

import java.time.Clock;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;

/**
 * How far behind this instance's classification is: the age of the oldest record of its latest
 * batch (from the record's Kafka timestamp to the moment it was classified), the time a reading
 * has waited before the alert path could judge it. Bulk work of the same instance (the stores'
 * catch-up) reads it to give way while it is high ({@code StoreYield}); a hot path that has not
 * classified anything for a second is idle, and its lag 0.
 */
@Component("hotPathLag")
public class HotPathLag {

    /** After this long without a batch the hot path counts as idle. */
    static final long IDLE_AFTER_MS = 1_000;

    private record Sample(long lagMillis, long atMillis) {
    }

    private final Clock clock;
    private volatile Sample last = new Sample(0, 0);

    public HotPathLag() {
        this(Clock.systemUTC());
    }

    HotPathLag(Clock clock) {
        this.clock = clock;
    }

    /** The classify route's batch (its records as consumed) was classified. */
    public void classifiedBatch(@ExchangeProperty(Names.Property.KAFKA_BATCH) List<Exchange> batch) {
        long oldest = Long.MAX_VALUE;
        for (Exchange exchange : batch) {
            Long timestamp = exchange.getMessage().getHeader(KafkaConstants.TIMESTAMP, Long.class);
            if (timestamp != null && timestamp < oldest) {
                oldest = timestamp;
            }
        }
        if (oldest != Long.MAX_VALUE) {
            classified(oldest);
        }
    }

    /** A batch was classified; {@code oldestTimestampMillis}: the Kafka timestamp of its oldest record. */
    public void classified(long oldestTimestampMillis) {
        long now = clock.millis();
        last = new Sample(Math.max(0, now - oldestTimestampMillis), now);
    }

    /** The lag of the latest batch, or 0 when the hot path has been idle for a second. */
    public long lagMillis() {
        Sample sample = last;
        return clock.millis() - sample.atMillis() > IDLE_AFTER_MS ? 0 : sample.lagMillis();
    }
}
