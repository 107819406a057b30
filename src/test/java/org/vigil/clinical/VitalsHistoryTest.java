package org.vigil.clinical;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.vigil.clinical.News2.Parameter;

import static org.assertj.core.api.Assertions.assertThat;

class VitalsHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private static VitalsHistory.Reading pulse(double value, int minutes, long offset) {
        return new VitalsHistory.Reading(value, T0.plusSeconds(minutes * 60L), 0, offset, "Observation/" + offset);
    }

    @Test
    void theLatestReadingBeforeTheTimeCountsAndALateOlderOneDoesNotReplaceIt() {
        VitalsHistory history = new VitalsHistory();
        history.add(Parameter.PULSE, pulse(80, 10, 1));
        history.add(Parameter.PULSE, pulse(140, 5, 2)); // taken earlier, delivered later
        assertThat(history.latest(Parameter.PULSE, T0.plusSeconds(11 * 60), HOUR, 0, 2).value()).isEqualTo(80.0);
        assertThat(history.latest(Parameter.PULSE, T0.plusSeconds(6 * 60), HOUR, 0, 2).value()).isEqualTo(140.0);
    }

    @Test
    void aValueOlderThanTheWindowIsMissing() {
        VitalsHistory history = new VitalsHistory();
        history.add(Parameter.PULSE, pulse(80, 0, 1));
        assertThat(history.latest(Parameter.PULSE, T0.plusSeconds(60 * 60), HOUR, 0, 1)).isNotNull();
        assertThat(history.latest(Parameter.PULSE, T0.plusSeconds(60 * 60 + 1), HOUR, 0, 1)).isNull();
    }

    @Test
    void aRecordSeesOnlyReadingsOfRecordsUpToItselfInItsPartition() {
        VitalsHistory history = new VitalsHistory();
        history.add(Parameter.PULSE, pulse(80, 0, 1));
        history.add(Parameter.PULSE, pulse(120, 1, 5));
        assertThat(history.latest(Parameter.PULSE, T0.plusSeconds(120), HOUR, 0, 4).value()).isEqualTo(80.0);
        assertThat(history.latest(Parameter.PULSE, T0.plusSeconds(120), HOUR, 0, 5).value()).isEqualTo(120.0);
        // From another partition (the patient's records moved), offsets do not compare: all are seen.
        assertThat(history.latest(Parameter.PULSE, T0.plusSeconds(120), HOUR, 3, 0).value()).isEqualTo(120.0);
    }

    @Test
    void addingAReadingTwiceChangesNothingAndTheHistoryStaysBounded() {
        VitalsHistory history = new VitalsHistory();
        assertThat(history.add(Parameter.PULSE, pulse(80, 0, 1))).isTrue();
        assertThat(history.add(Parameter.PULSE, pulse(80, 0, 1))).isFalse();
        for (int i = 0; i < 500; i++) {
            history.add(Parameter.PULSE, pulse(60 + i % 40, i % 100, 10 + i));
        }
        assertThat(history.readings().get(Parameter.PULSE)).hasSize(VitalsHistory.MAX_READINGS);
        history.add(Parameter.PULSE, pulse(70, 300, 1000));
        assertThat(history.readings().get(Parameter.PULSE))
                .allMatch(r -> !r.at().isBefore(T0.plusSeconds(300 * 60).minus(VitalsHistory.RETAINED)));
    }

    @Test
    void aRetractedOrReplacedReadingStopsCountingFromTheRecordThatDidSo() {
        VitalsHistory history = new VitalsHistory();
        history.add(Parameter.PULSE, pulse(130, 0, 10));
        assertThat(history.retract("Observation/10", 0, 12)).containsExactly(T0);

        assertThat(history.latest(Parameter.PULSE, T0.plusSeconds(60), HOUR, 0, 11).value())
                .as("a record before the retraction, scored again, still sees it").isEqualTo(130.0);
        assertThat(history.latest(Parameter.PULSE, T0.plusSeconds(60), HOUR, 0, 12)).as("from the retraction on: gone").isNull();
        assertThat(history.retract("Observation/10", 0, 12)).as("retracting again changes nothing").containsExactly(T0);

        VitalsHistory corrected = new VitalsHistory();
        corrected.add(Parameter.PULSE, pulse(130, 0, 20));
        corrected.replace(Parameter.PULSE, new VitalsHistory.Reading(80.0, T0, 0, 25, "Observation/20"));
        assertThat(corrected.latest(Parameter.PULSE, T0.plusSeconds(60), HOUR, 0, 30).value())
                .as("the corrected value replaces the first").isEqualTo(80.0);
        assertThat(corrected.latest(Parameter.PULSE, T0.plusSeconds(60), HOUR, 0, 21).value()).isEqualTo(130.0);
    }
}
