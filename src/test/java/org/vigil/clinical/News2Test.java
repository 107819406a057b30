package org.vigil.clinical;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.clinical.News2.Band;
import org.vigil.clinical.News2.Parameter;
import org.vigil.record.Consciousness;

import static org.assertj.core.api.Assertions.assertThat;

/** Every band boundary of every NEWS2 parameter (RCP 2017 chart), on both sides. */
class News2Test {

    @ParameterizedTest(name = "RR {0} -> {1}")
    @CsvSource({"0,3", "8,3", "9,1", "11,1", "12,0", "20,0", "21,2", "24,2", "25,3", "60,3"})
    void respirationRate(double rate, int score) {
        assertThat(News2.respirationRate(rate)).isEqualTo(score);
    }

    @ParameterizedTest(name = "SpO2 scale 1 {0} -> {1}")
    @CsvSource({"70,3", "91,3", "92,2", "93,2", "94,1", "95,1", "96,0", "100,0"})
    void spo2Scale1(double spo2, int score) {
        assertThat(News2.spo2Scale1(spo2)).isEqualTo(score);
    }

    @ParameterizedTest(name = "SpO2 scale 2 {0} on oxygen {1} -> {2}")
    @CsvSource({"80,true,3", "83,false,3", "84,false,2", "85,true,2", "86,false,1", "87,true,1", "88,false,0", "92,true,0",
            "93,false,0", "99,false,0", "93,true,1", "94,true,1", "95,true,2", "96,true,2", "97,true,3", "100,true,3"})
    void spo2Scale2(double spo2, boolean onOxygen, int score) {
        assertThat(News2.spo2Scale2(spo2, onOxygen)).isEqualTo(score);
    }

    @ParameterizedTest(name = "systolic {0} -> {1}")
    @CsvSource({"60,3", "90,3", "91,2", "100,2", "101,1", "110,1", "111,0", "219,0", "220,3", "250,3"})
    void systolic(double systolic, int score) {
        assertThat(News2.systolic(systolic)).isEqualTo(score);
    }

    @ParameterizedTest(name = "pulse {0} -> {1}")
    @CsvSource({"30,3", "40,3", "41,1", "50,1", "51,0", "90,0", "91,1", "110,1", "111,2", "130,2", "131,3", "180,3"})
    void pulse(double pulse, int score) {
        assertThat(News2.pulse(pulse)).isEqualTo(score);
    }

    @ParameterizedTest(name = "temperature {0} -> {1}")
    @CsvSource({"34.0,3", "35.0,3", "35.1,1", "36.0,1", "36.1,0", "38.0,0", "38.1,1", "39.0,1", "39.1,2", "41.0,2"})
    void temperature(double celsius, int score) {
        assertThat(News2.temperature(celsius)).isEqualTo(score);
    }

    /** Decimals on both sides of every band edge, scored as charted (RR, SpO2, systolic, pulse whole, half up). */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "RR,8.4,3", "RR,8.5,1", "RR,11.4,1", "RR,11.5,0", "RR,11.8,0", "RR,20.4,0", "RR,20.5,2", "RR,24.4,2", "RR,24.5,3",
            "SPO2,91.4,3", "SPO2,91.5,2", "SPO2,93.4,2", "SPO2,93.5,1", "SPO2,95.4,1", "SPO2,95.5,0",
            "SBP,90.4,3", "SBP,90.5,2", "SBP,100.4,2", "SBP,100.5,1", "SBP,100.7,1", "SBP,110.4,1", "SBP,110.5,0", "SBP,219.4,0", "SBP,219.5,3",
            "PULSE,40.4,3", "PULSE,40.5,1", "PULSE,50.4,1", "PULSE,50.5,0", "PULSE,90.4,0", "PULSE,90.5,1", "PULSE,90.8,1",
            "PULSE,110.4,1", "PULSE,110.5,2", "PULSE,130.4,2", "PULSE,130.5,3",
            "TEMP,35.04,3", "TEMP,35.05,1", "TEMP,36.04,1", "TEMP,36.05,0", "TEMP,38.04,0", "TEMP,38.05,1", "TEMP,39.04,1", "TEMP,39.05,2"})
    void decimalsAreScoredAsCharted(String parameter, double value, int score) {
        int scored = switch (parameter) {
            case "RR" -> News2.respirationRate(value);
            case "SPO2" -> News2.spo2Scale1(value);
            case "SBP" -> News2.systolic(value);
            case "PULSE" -> News2.pulse(value);
            default -> News2.temperature(value);
        };
        assertThat(scored).isEqualTo(score);
    }

    /**
     * Against the RCP chart written out here independently, as whole-number (temperature: tenths)
     * ranges, for every value from 0 to 250 in hundredths, each charted by rounding half up.
     */
    @Test
    void everyDecimalScoresAsTheChartWrittenOutScoresItsChartedValue() {
        int[][] rr = {{0, 8, 3}, {9, 11, 1}, {12, 20, 0}, {21, 24, 2}, {25, 999, 3}};
        int[][] spo2 = {{0, 91, 3}, {92, 93, 2}, {94, 95, 1}, {96, 999, 0}};
        int[][] sbp = {{0, 90, 3}, {91, 100, 2}, {101, 110, 1}, {111, 219, 0}, {220, 999, 3}};
        int[][] pulse = {{0, 40, 3}, {41, 50, 1}, {51, 90, 0}, {91, 110, 1}, {111, 130, 2}, {131, 999, 3}};
        int[][] tempTenths = {{0, 350, 3}, {351, 360, 1}, {361, 380, 0}, {381, 390, 1}, {391, 9999, 2}};
        int checked = 0;
        for (int hundredths = 0; hundredths <= 25_000; hundredths++) {
            double value = hundredths / 100.0;
            int charted = (hundredths + 50) / 100; // whole, half up
            assertThat(News2.respirationRate(value)).as("RR %s", value).isEqualTo(chart(rr, charted));
            assertThat(News2.spo2Scale1(value)).as("SpO2 %s", value).isEqualTo(chart(spo2, charted));
            assertThat(News2.systolic(value)).as("systolic %s", value).isEqualTo(chart(sbp, charted));
            assertThat(News2.pulse(value)).as("pulse %s", value).isEqualTo(chart(pulse, charted));
            if (hundredths >= 3_000 && hundredths <= 4_500) {
                assertThat(News2.temperature(value)).as("temperature %s", value).isEqualTo(chart(tempTenths, (hundredths + 5) / 10));
            }
            checked++;
        }
        assertThat(checked).isEqualTo(25_001);
    }

    private static int chart(int[][] rows, int charted) {
        for (int[] row : rows) {
            if (charted >= row[0] && charted <= row[1]) {
                return row[2];
            }
        }
        throw new AssertionError("no band for " + charted);
    }

    @ParameterizedTest(name = "total {0}, single 3 {1} -> {2}")
    @CsvSource({"0,false,LOW", "4,false,LOW", "3,true,LOW_MEDIUM", "4,true,LOW_MEDIUM", "5,false,MEDIUM", "6,true,MEDIUM",
            "7,false,HIGH", "12,true,HIGH"})
    void bands(int total, boolean singleThree, Band band) {
        assertThat(News2.band(total, singleThree)).isEqualTo(band);
    }

    @Test
    void healthyAdultOnAirScoresZeroAndIsComplete() {
        News2.Score score = News2.score(new News2.Inputs(16.0, 98.0, false, 125.0, 72.0, Consciousness.ALERT, 36.8, false));
        assertThat(score.total()).isZero();
        assertThat(score.band()).isEqualTo(Band.LOW);
        assertThat(score.complete()).isTrue();
    }

    @Test
    void consciousnessAndOxygenScoreAndASingleThreeRaisesTheBand() {
        News2.Score confused = News2.score(new News2.Inputs(16.0, 98.0, false, 125.0, 72.0, Consciousness.NEW_CONFUSION, 36.8, false));
        assertThat(confused.total()).isEqualTo(3);
        assertThat(confused.band()).isEqualTo(Band.LOW_MEDIUM);

        News2.Score onOxygen = News2.score(new News2.Inputs(16.0, 98.0, true, 125.0, 72.0, Consciousness.ALERT, 36.8, false));
        assertThat(onOxygen.scores()).containsEntry(Parameter.AIR_OR_OXYGEN, 2);
    }

    @Test
    void septicPictureIsHigh() {
        // RR 26 (3), SpO2 93 (2), oxygen (2), systolic 95 (2), pulse 118 (2), alert (0), 39.4 (2) = 13
        News2.Score score = News2.score(new News2.Inputs(26.0, 93.0, true, 95.0, 118.0, Consciousness.ALERT, 39.4, false));
        assertThat(score.total()).isEqualTo(13);
        assertThat(score.band()).isEqualTo(Band.HIGH);
    }

    @Test
    void missingParametersAreListedNotScoredAsZero() {
        News2.Score score = News2.score(new News2.Inputs(null, null, null, 88.0, 135.0, null, null, false));
        assertThat(score.missing()).containsExactly(Parameter.RESPIRATION_RATE, Parameter.SPO2, Parameter.AIR_OR_OXYGEN,
                Parameter.CONSCIOUSNESS, Parameter.TEMPERATURE);
        assertThat(score.complete()).isFalse();
        assertThat(score.scores()).containsOnlyKeys(Parameter.SYSTOLIC_BP, Parameter.PULSE);
        assertThat(score.total()).isEqualTo(6);
        assertThat(score.band()).as("a lower bound: missing values can only add").isEqualTo(Band.MEDIUM);
    }
}
