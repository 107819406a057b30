package org.vigil.risk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.vigil.record.HeartStudy;

/**
 * The risk model's inputs, named as in the PMML, from a heart-study record. The trainer uses this
 * same class, so the model is trained on exactly what Vigil will pass it. Plain Java on purpose.
 */
public final class RiskInputs {

    /** Without these a record is not scored: age, sex and the kind of chest pain every referral states. */
    public static final List<String> CORE = List.of("age", "sex", "chestPain");
    /**
     * Absent in many sites' records (no exercise test, no angiography, cholesterol not measured);
     * the model imputes them and the score names them. The model card reports how well the model
     * does for each pattern of them that is absent.
     */
    public static final List<String> OPTIONAL = List.of("restingSystolicBp", "cholesterol", "fastingBloodSugarOver120",
            "restingEcg", "maxHeartRate", "exerciseAngina", "stDepression", "stSlope", "majorVessels", "thal");

    private RiskInputs() {
    }

    /** Numbers as Double (flags as 0/1), categories as the enum's name; absent values are left out. */
    public static Map<String, Object> of(HeartStudy s) {
        Map<String, Object> values = new LinkedHashMap<>();
        number(values, "age", s.age());
        number(values, "restingSystolicBp", s.restingSystolicBp());
        number(values, "cholesterol", s.cholesterol());
        number(values, "maxHeartRate", s.maxHeartRate());
        number(values, "stDepression", s.stDepression());
        number(values, "majorVessels", s.majorVessels());
        number(values, "fastingBloodSugarOver120", s.fastingBloodSugarOver120() == null ? null : s.fastingBloodSugarOver120() ? 1 : 0);
        number(values, "exerciseAngina", s.exerciseAngina() == null ? null : s.exerciseAngina() ? 1 : 0);
        category(values, "sex", s.sex());
        category(values, "chestPain", s.chestPain());
        category(values, "restingEcg", s.restingEcg());
        category(values, "stSlope", s.stSlope());
        category(values, "thal", s.thal());
        return values;
    }

    private static void number(Map<String, Object> values, String name, Number value) {
        if (value != null) {
            values.put(name, value.doubleValue());
        }
    }

    private static void category(Map<String, Object> values, String name, Enum<?> value) {
        if (value != null) {
            values.put(name, value.name());
        }
    }
}
