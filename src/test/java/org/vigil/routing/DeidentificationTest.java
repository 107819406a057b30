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
    void aShiftIsNeverZeroAndTakesEveryDayOfTheRange() {
        Deidentification threeDays = new Deidentification(KEY, 3);
        Set<Long> shifts = new HashSet<>();
        for (int patient = 0; patient < 300; patient++) {
            shifts.add(threeDays.shiftDays("Patient/" + patient));
        }
        assertThat(shifts).as("-3 to 3 days, never 0").containsExactlyInAnyOrder(-3L, -2L, -1L, 1L, 2L, 3L);
    }

    @Test
    void aKeyIsNeededOnlyWhereASpecialtyPseudonymisesOrShiftsDatesAndThenOf32CharactersAtLeast() {
        org.vigil.config.VigilProperties vigil = org.vigil.testsupport.ShippedConfiguration.vigil();
        Specialties plain = Specialties.of(vigil, java.util.Map.of("nurse", definition(false, "day")));
        Specialties pseudonymised = Specialties.of(vigil, java.util.Map.of("research", definition(true, "keep")));
        Specialties shifted = Specialties.of(vigil, java.util.Map.of("study", definition(false, "shift")));
        new Deidentification("", 180).checkUsableFor(plain);
        assertThatThrownBy(() -> new Deidentification("", 180).checkUsableFor(pseudonymised)).hasMessageContaining("vigil.specialties.research");
        assertThatThrownBy(() -> new Deidentification("", 180).checkUsableFor(shifted)).hasMessageContaining("vigil.specialties.study");
        assertThatThrownBy(() -> new Deidentification("k".repeat(31), 180).checkUsableFor(pseudonymised)).hasMessageContaining("31 long");
        new Deidentification("k".repeat(32), 180).checkUsableFor(pseudonymised);
    }

    private static org.vigil.config.SpecialtyProperties.Definition definition(boolean pseudonymise, String dates) {
        return new org.vigil.config.SpecialtyProperties.Definition(java.util.List.of("HYPERTENSIVE_CRISIS"), java.util.List.of("vitals"),
                pseudonymise, java.util.List.of(), null, null, false, dates);
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
