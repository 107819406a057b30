package org.vigil.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.vigil.config.Specialties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeidentificationTest {

    private static final String KEY = "k".repeat(40);
    private final Deidentification deidentification = new Deidentification(KEY, 180);
    private static final Instant MEASURED = Instant.parse("2026-03-17T14:35:12Z");

    @Test
    void pseudonymsAreStableKeyedAndNotTheIds() {
        assertThat(deidentification.patient("Patient/7")).isEqualTo(new Deidentification(KEY, 180).patient("Patient/7"))
                .isNotEqualTo(new Deidentification("other".repeat(8), 180).patient("Patient/7"))
                .isNotEqualTo(deidentification.patient("Patient/8"))
                .doesNotContain("Patient").matches("[0-9a-f]{32}");
        assertThat(deidentification.record("heart.csv:12")).startsWith("r-").isNotEqualTo(deidentification.record("heart.csv:13"))
                .isNotEqualTo("r-" + deidentification.patient("heart.csv:12"));
    }

    @Test
    void datesAreKeptTruncatedOrShiftedAsConfigured() {
        assertThat(deidentification.time(Specialties.Dates.KEEP, "Patient/7", MEASURED)).isEqualTo(MEASURED);
        assertThat(deidentification.time(Specialties.Dates.DAY, "Patient/7", MEASURED)).isEqualTo(Instant.parse("2026-03-17T00:00:00Z"));
        assertThat(deidentification.time(Specialties.Dates.MONTH, "Patient/7", MEASURED)).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(deidentification.time(Specialties.Dates.SHIFT, "Patient/7", null)).isNull();
    }

    @Test
    void aShiftMovesAPatientsTimesTogetherAndDiffersBetweenPatients() {
        Instant later = MEASURED.plus(Duration.ofHours(5));
        Instant first = deidentification.time(Specialties.Dates.SHIFT, "Patient/7", MEASURED);
        Instant second = deidentification.time(Specialties.Dates.SHIFT, "Patient/7", later);
        assertThat(first).isNotEqualTo(MEASURED);
        assertThat(Duration.between(first, second)).as("the interval a study needs").isEqualTo(Duration.ofHours(5));
        assertThat(Duration.between(MEASURED, first).toDays()).isBetween(-180L, 180L).isNotZero();
        Set<Long> shifts = new HashSet<>();
        for (int patient = 0; patient < 200; patient++) {
            long days = deidentification.shiftDays("Patient/" + patient);
            assertThat(days).isBetween(-180L, 180L).isNotZero();
            shifts.add(days);
        }
        assertThat(shifts).as("spread over the range, not one offset for all").hasSizeGreaterThan(100);
    }

    @Test
    void aPseudonymisedSpecialtyNeedsARealKey() {
        Specialties research = org.vigil.testsupport.ShippedConfiguration.specialties();
        assertThatThrownBy(() -> new Deidentification("", 180).checkUsableFor(research))
                .hasMessageContaining("vigil.routing.pseudonym-key").hasMessageContaining("not set").hasMessageContaining("no default");
        assertThatThrownBy(() -> new Deidentification("change-me-local-only", 180).checkUsableFor(research))
                .hasMessageContaining("at least 32");
        deidentification.checkUsableFor(research);
    }
}
