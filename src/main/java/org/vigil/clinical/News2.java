package org.vigil.clinical;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.vigil.record.Consciousness;

/**
 * NEWS2, the National Early Warning Score 2 (Royal College of Physicians, 2017), from the most
 * recent value of each of its seven parameters.
 *
 * <p>A missing parameter is never scored as 0: it is listed in {@link Score#missing()}, and the
 * total of an incomplete set is a lower bound (the missing parameters can only add to it).
 *
 * <p>A value is scored as it would be charted: the RCP chart's bands are whole numbers (temperature
 * to one decimal), and monitors send decimals, so respiration rate, SpO2, systolic pressure and
 * pulse are rounded to a whole number, and temperature to one decimal, half up, before the band is
 * looked up (a pulse of 90.8/min is charted 91 and scores 1; a temperature of 38.05 °C is charted
 * 38.1 and scores 1).
 */
public final class News2 {

    public enum Parameter {
        RESPIRATION_RATE, SPO2, AIR_OR_OXYGEN, SYSTOLIC_BP, PULSE, CONSCIOUSNESS, TEMPERATURE
    }

    /** RCP clinical risk bands. LOW_MEDIUM is a low total with any single parameter scoring 3. */
    public enum Band {
        LOW, LOW_MEDIUM, MEDIUM, HIGH
    }

    /**
     * The latest values; any may be null (missing).
     *
     * @param hypercapnicRespiratoryFailure use SpO2 scale 2 (prescribed target 88-92 %)
     */
    public record Inputs(Double respirationRate, Double spo2, Boolean supplementalOxygen, Double systolicBp,
                         Double pulse, Consciousness consciousness, Double temperature,
                         boolean hypercapnicRespiratoryFailure) {
    }

    /**
     * @param total   sum of the parameters present
     * @param band    from the total and the single-3 rule; a lower bound when {@code missing} is not empty
     * @param scores  the score of each parameter present
     * @param missing parameters without a value in the window
     */
    public record Score(int total, Band band, Map<Parameter, Integer> scores, List<Parameter> missing) {

        public boolean complete() {
            return missing.isEmpty();
        }

        public boolean anySingleThree() {
            return scores.containsValue(3);
        }
    }

    private News2() {
    }

    public static Score score(Inputs in) {
        // In the parameters' order, like the chart's rows; an EnumMap looks a value up without hashing.
        Map<Parameter, Integer> scores = new java.util.EnumMap<>(Parameter.class);
        List<Parameter> missing = new ArrayList<>();
        put(scores, missing, Parameter.RESPIRATION_RATE, in.respirationRate() == null ? null : respirationRate(in.respirationRate()));
        put(scores, missing, Parameter.SPO2, in.spo2() == null ? null
                : in.hypercapnicRespiratoryFailure() ? spo2Scale2(in.spo2(), in.supplementalOxygen()) : spo2Scale1(in.spo2()));
        put(scores, missing, Parameter.AIR_OR_OXYGEN, in.supplementalOxygen() == null ? null : in.supplementalOxygen() ? 2 : 0);
        put(scores, missing, Parameter.SYSTOLIC_BP, in.systolicBp() == null ? null : systolic(in.systolicBp()));
        put(scores, missing, Parameter.PULSE, in.pulse() == null ? null : pulse(in.pulse()));
        put(scores, missing, Parameter.CONSCIOUSNESS, in.consciousness() == null ? null
                : in.consciousness() == Consciousness.ALERT ? 0 : 3);
        put(scores, missing, Parameter.TEMPERATURE, in.temperature() == null ? null : temperature(in.temperature()));
        int total = 0;
        for (int score : scores.values()) {
            total += score;
        }
        return new Score(total, band(total, scores.containsValue(3)), scores, missing);
    }

    /** RCP NEWS2: an aggregate score from which an urgent response is due (band MEDIUM). */
    public static final int URGENT_FROM = 5;
    /** RCP NEWS2: an aggregate score from which an emergency response is due (band HIGH). */
    public static final int EMERGENCY_FROM = 7;

    static Band band(int total, boolean anySingleThree) {
        if (total >= EMERGENCY_FROM) {
            return Band.HIGH;
        }
        if (total >= URGENT_FROM) {
            return Band.MEDIUM;
        }
        return anySingleThree ? Band.LOW_MEDIUM : Band.LOW;
    }

    /** As charted: a whole number, half up. */
    static double whole(double value) {
        return java.math.BigDecimal.valueOf(value).setScale(0, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    /** As charted: one decimal, half up. */
    static double tenths(double value) {
        return java.math.BigDecimal.valueOf(value).setScale(1, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    /** ≤8: 3, 9-11: 1, 12-20: 0, 21-24: 2, ≥25: 3 breaths/min (as charted: {@link #whole}). */
    static int respirationRate(double measured) {
        double rate = whole(measured);
        if (rate <= 8) {
            return 3;
        }
        if (rate < 12) {
            return 1;
        }
        if (rate < 21) {
            return 0;
        }
        return rate < 25 ? 2 : 3;
    }

    /** Scale 1: ≤91: 3, 92-93: 2, 94-95: 1, ≥96: 0 % (as charted: {@link #whole}). */
    static int spo2Scale1(double measured) {
        double spo2 = whole(measured);
        if (spo2 <= 91) {
            return 3;
        }
        if (spo2 < 94) {
            return 2;
        }
        return spo2 < 96 ? 1 : 0;
    }

    /**
     * Scale 2, for hypercapnic respiratory failure: ≤83: 3, 84-85: 2, 86-87: 1, 88-92 (or ≥93 on air): 0,
     * and on oxygen 93-94: 1, 95-96: 2, ≥97: 3. Oxygen unknown above 92 % scores as air and is
     * reported missing under AIR_OR_OXYGEN.
     */
    static int spo2Scale2(double measured, Boolean onOxygen) {
        double spo2 = whole(measured);
        if (spo2 <= 83) {
            return 3;
        }
        if (spo2 < 86) {
            return 2;
        }
        if (spo2 < 88) {
            return 1;
        }
        if (spo2 < 93 || !Boolean.TRUE.equals(onOxygen)) {
            return 0;
        }
        if (spo2 < 95) {
            return 1;
        }
        return spo2 < 97 ? 2 : 3;
    }

    /** ≤90: 3, 91-100: 2, 101-110: 1, 111-219: 0, ≥220: 3 mm Hg (as charted: {@link #whole}). */
    static int systolic(double measured) {
        double systolic = whole(measured);
        if (systolic <= 90) {
            return 3;
        }
        if (systolic < 101) {
            return 2;
        }
        if (systolic < 111) {
            return 1;
        }
        return systolic < 220 ? 0 : 3;
    }

    /** ≤40: 3, 41-50: 1, 51-90: 0, 91-110: 1, 111-130: 2, ≥131: 3 beats/min (as charted: {@link #whole}). */
    static int pulse(double measured) {
        double pulse = whole(measured);
        if (pulse <= 40) {
            return 3;
        }
        if (pulse < 51) {
            return 1;
        }
        if (pulse < 91) {
            return 0;
        }
        if (pulse < 111) {
            return 1;
        }
        return pulse < 131 ? 2 : 3;
    }

    /** ≤35.0: 3, 35.1-36.0: 1, 36.1-38.0: 0, 38.1-39.0: 1, ≥39.1: 2 °C (as charted: {@link #tenths}). */
    static int temperature(double measured) {
        double celsius = tenths(measured);
        if (celsius <= 35.0) {
            return 3;
        }
        if (celsius <= 36.0) {
            return 1;
        }
        if (celsius <= 38.0) {
            return 0;
        }
        return celsius <= 39.0 ? 1 : 2;
    }

    private static void put(Map<Parameter, Integer> scores, List<Parameter> missing, Parameter parameter, Integer score) {
        if (score == null) {
            missing.add(parameter);
        } else {
            scores.put(parameter, score);
        }
    }
}
