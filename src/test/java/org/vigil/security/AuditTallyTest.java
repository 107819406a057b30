package org.vigil.security;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.vigil.contract.Names;

import static org.assertj.core.api.Assertions.assertThat;

class AuditTallyTest {

    private final List<AuditEntry> written = new ArrayList<>();
    private final AuditTrail trail = new AuditTrail() {
        @Override
        public void record(AuditEntry entry) {
            written.add(entry);
        }

        @Override
        public List<AuditEntry> newest(String who, int limit) {
            return written;
        }
    };
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AuditTally tally = new AuditTally(trail, meters);

    @Test
    void aThousandRefusalsOfOneKindAreOneEntryWithTheirCountAndTime() {
        for (int i = 0; i < 1000; i++) {
            tally.add("anonymous", AuditEntry.Action.REFUSED, "GET", "/api/patients", 401, "10.0.0.9");
        }
        tally.add("anonymous", AuditEntry.Action.REFUSED, "GET", "/api/alerts", 401, "10.0.0.9");
        assertThat(written).as("nothing written before the interval ends").isEmpty();

        tally.flush();

        assertThat(written).hasSize(2);
        AuditEntry patients = written.stream().filter(e -> e.path().equals("/api/patients")).findFirst().orElseThrow();
        assertThat(patients.count()).isEqualTo(1000);
        assertThat(patients.who()).isEqualTo("anonymous");
        assertThat(patients.from()).isEqualTo("10.0.0.9");
        assertThat(patients.lastAt()).isAfterOrEqualTo(patients.at());

        tally.flush();
        assertThat(written).as("each counted once").hasSize(2);
    }

    @Test
    void kindsBeyondTheBoundAreCountedUnderOtherPathsAndAFailedWriteIsCounted() {
        for (int i = 0; i < AuditTally.MAX_KINDS + 50; i++) {
            tally.add("anonymous", AuditEntry.Action.REFUSED, "GET", "/probe/" + i, 401, "10.0.0.9");
        }
        tally.flush();
        assertThat(written).hasSize(AuditTally.MAX_KINDS + 1);
        assertThat(written).filteredOn(e -> e.path().equals(AuditTally.OTHER_PATHS)).singleElement()
                .satisfies(e -> assertThat(e.count()).isEqualTo(50));

        AuditTally failing = new AuditTally(new AuditTrail() {
            @Override
            public void record(AuditEntry entry) {
                throw new IllegalStateException("the trail's store is down");
            }

            @Override
            public List<AuditEntry> newest(String who, int limit) {
                return List.of();
            }
        }, meters);
        failing.add("anonymous", AuditEntry.Action.REFUSED, "GET", "/api/patients", 401, "10.0.0.9");
        failing.flush();
        assertThat(meters.counter(Names.Counter.AUDIT_FAILED).count()).isEqualTo(1.0);
    }
}
