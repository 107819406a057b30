package org.vigil.security;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;

/**
 * Refusals that anyone can cause as fast as they can send (an anonymous 401, a throttled sign-in)
 * counted in memory and written as one audit entry per kind per interval
 * ({@code vigil.security.audit.tally-interval-ms}): who, what was asked, the answer, where from, how
 * many times, first and last. A flood of them is then a handful of writes, not one per request,
 * and the trail still says it happened. Kinds are bounded: past {@value #MAX_KINDS} in one
 * interval, the rest are counted under their action and address with the path {@value #OTHER_PATHS}.
 * What is still counted when Vigil stops is written then.
 */
@Component
public class AuditTally {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTally.class);
    static final int MAX_KINDS = 10_000;
    static final String OTHER_PATHS = "(other paths)";

    private record Kind(String who, AuditEntry.Action action, String method, String path, int status, String from) {
    }

    private static final class Tally {
        private final Instant first;
        private Instant last;
        private int count;

        private Tally(Instant first) {
            this.first = first;
            this.last = first;
        }
    }

    private final AuditTrail trail;
    private final Clock clock;
    private final Counter failed;
    private final Map<Kind, Tally> tallies = new ConcurrentHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    public AuditTally(AuditTrail trail, MeterRegistry meters) {
        this(trail, meters, Clock.systemUTC());
    }

    AuditTally(AuditTrail trail, MeterRegistry meters, Clock clock) {
        this.trail = trail;
        this.clock = clock;
        this.failed = meters.counter(Names.Counter.AUDIT_FAILED);
    }

    /** One more request of this kind (its query string is not kept). */
    public void add(String who, AuditEntry.Action action, String method, String path, int status, String from) {
        Kind kind = new Kind(who, action, method, path, status, from);
        if (tallies.size() >= MAX_KINDS && !tallies.containsKey(kind)) {
            kind = new Kind(who, action, method, OTHER_PATHS, status, from);
        }
        Instant now = clock.instant();
        tallies.compute(kind, (k, tally) -> {
            Tally counted = tally == null ? new Tally(now) : tally;
            counted.count++;
            counted.last = now;
            return counted;
        });
    }

    /** Writes what was counted since the last time, one entry per kind. */
    @Scheduled(fixedDelayString = "${vigil.security.audit.tally-interval-ms:10000}", initialDelayString = "${vigil.security.audit.tally-interval-ms:10000}")
    @PreDestroy
    public void flush() {
        for (Kind kind : List.copyOf(tallies.keySet())) {
            Tally tally = tallies.remove(kind);
            if (tally == null) {
                continue;
            }
            try {
                trail.record(new AuditEntry(tally.first, kind.who(), List.of(), kind.action(), kind.method(), kind.path(), null,
                        kind.status(), kind.from(), null, tally.count, tally.last));
            } catch (RuntimeException e) {
                failed.increment();
                LOG.warn("An audit entry ({} {} x{} from {}) could not be written: {}", kind.action(), kind.path(), tally.count, kind.from(),
                        e.toString());
            }
        }
    }
}
