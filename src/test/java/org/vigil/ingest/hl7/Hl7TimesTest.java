package org.vigil.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** HL7 timestamps read once per distinct time, with the same answers as reading each afresh. */
class Hl7TimesTest {

    @Test
    void readsOffsetsAndPrecisionAsHl7Says() {
        assertThat(Hl7Times.instant("20261207145311+0000", "t")).isEqualTo(Instant.parse("2026-12-07T14:53:11Z"));
        assertThat(Hl7Times.instant("20261207145311.25-0500", "t")).isEqualTo(Instant.parse("2026-12-07T19:53:11.250Z"));
        assertThat(Hl7Times.instant(" 202612071453+0100 ", "t")).isEqualTo(Instant.parse("2026-12-07T13:53:00Z"));
    }

    @Test
    void theSameTimeTwiceAndThenAnotherGiveTheirOwnInstants() {
        Instant first = Hl7Times.instant("20261207080000+0000", "t");
        assertThat(Hl7Times.instant("20261207080000+0000", "t")).isEqualTo(first);
        assertThat(Hl7Times.instant("20261207080001+0000", "t")).isEqualTo(first.plusSeconds(1));
        assertThat(Hl7Times.instant("20261207080000+0200", "t")).isEqualTo(first.minusSeconds(7200));
    }

    @Test
    void somethingElseIsRefusedAndNamed() {
        Hl7Times.instant("20261207080000+0000", "t");
        assertThatThrownBy(() -> Hl7Times.instant("2026-12-07T08:00", "OBX-14 of OBX 3"))
                .isInstanceOf(Hl7Refusal.class).hasMessageContaining("OBX-14 of OBX 3 '2026-12-07T08:00' is not an HL7 timestamp");
    }
}
