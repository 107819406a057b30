package org.vigil.trainer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.vigil.record.ChestPain;
import org.vigil.risk.RiskInputs;
import org.vigil.record.HeartStudy;
import org.vigil.record.RestingEcg;
import org.vigil.record.Sex;
import org.vigil.record.StSlope;
import org.vigil.record.Thal;

/**
 * The model's inputs, named as Vigil's canonical record names them, and how a missing value is
 * replaced: the training mean for numbers, the most frequent value for categories. The same
 * replacements go into the PMML ({@code missingValueReplacement}), so Vigil scores an incomplete
 * record exactly as the trainer does.
 */
final class Features {

    static final List<String> NUMERIC = List.of("age", "restingSystolicBp", "cholesterol", "maxHeartRate",
            "stDepression", "majorVessels", "fastingBloodSugarOver120", "exerciseAngina");
    /** Categorical fields with their levels; the first level is the reference (no coefficient). */
    static final Map<String, List<String>> CATEGORICAL = new LinkedHashMap<>();

    static {
        CATEGORICAL.put("sex", names(Sex.values()));
        CATEGORICAL.put("chestPain", names(ChestPain.values()));
        CATEGORICAL.put("restingEcg", names(RestingEcg.values()));
        CATEGORICAL.put("stSlope", names(StSlope.values()));
        CATEGORICAL.put("thal", names(Thal.values()));
    }

    /** Often absent outside Cleveland; the cross-validation also reports metrics with these imputed. */
    static final List<String> MASKED = List.of("cholesterol", "fastingBloodSugarOver120", "stSlope", "majorVessels", "thal");

    /**
     * The patterns of absent features the model serves, each reported in the model card: every
     * optional feature alone, the patterns of the other UCI sites and of records without an
     * exercise test or angiography, and only the core.
     */
    static final Map<String, List<String>> PATTERNS = patterns();

    private static Map<String, List<String>> patterns() {
        Map<String, List<String>> patterns = new LinkedHashMap<>();
        patterns.put("none absent", List.of());
        org.vigil.risk.RiskInputs.OPTIONAL.forEach(name -> patterns.put(name + " absent", List.of(name)));
        patterns.put("Switzerland / VA pattern (" + String.join(", ", MASKED) + ")", MASKED);
        patterns.put("no exercise test (maxHeartRate, exerciseAngina, stDepression, stSlope)",
                List.of("maxHeartRate", "exerciseAngina", "stDepression", "stSlope"));
        patterns.put("no angiography or thallium scan (majorVessels, thal)", List.of("majorVessels", "thal"));
        patterns.put("core only (age, sex, chestPain)", org.vigil.risk.RiskInputs.OPTIONAL);
        return java.util.Collections.unmodifiableMap(patterns);
    }

    private Features() {
    }

    private static List<String> names(Enum<?>[] values) {
        List<String> names = new ArrayList<>();
        for (Enum<?> value : values) {
            names.add(value.name());
        }
        return names;
    }

    /** A study as field name -> value, exactly as Vigil passes it to the model. */
    static Map<String, Object> raw(HeartStudy s) {
        return RiskInputs.of(s);
    }

    /** Replacements learned from training rows: mean of each number, most frequent level of each category. */
    static Map<String, Object> replacements(List<Map<String, Object>> rows) {
        Map<String, Object> replacements = new LinkedHashMap<>();
        for (String name : NUMERIC) {
            double sum = 0;
            int n = 0;
            for (Map<String, Object> row : rows) {
                if (row.get(name) instanceof Double v) {
                    sum += v;
                    n++;
                }
            }
            replacements.put(name, n == 0 ? 0.0 : sum / n);
        }
        for (Map.Entry<String, List<String>> field : CATEGORICAL.entrySet()) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            field.getValue().forEach(level -> counts.put(level, 0));
            rows.forEach(row -> {
                Object level = row.get(field.getKey());
                if (level != null) {
                    counts.merge((String) level, 1, Integer::sum);
                }
            });
            // Ties go to the first level, so the choice does not depend on map order.
            String mode = Collections.max(counts.entrySet(), Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                    .thenComparing(e -> -field.getValue().indexOf(e.getKey()))).getKey();
            replacements.put(field.getKey(), mode);
        }
        return replacements;
    }

    /** The design row (without intercept): numbers as they are, categories as indicators of their non-reference levels. */
    static double[] encode(Map<String, Object> row, Map<String, Object> replacements) {
        List<Double> x = new ArrayList<>();
        for (String name : NUMERIC) {
            x.add((Double) row.getOrDefault(name, replacements.get(name)));
        }
        for (Map.Entry<String, List<String>> field : CATEGORICAL.entrySet()) {
            Object level = row.getOrDefault(field.getKey(), replacements.get(field.getKey()));
            for (String candidate : field.getValue().subList(1, field.getValue().size())) {
                x.add(candidate.equals(level) ? 1.0 : 0.0);
            }
        }
        return x.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Names of the design columns, in {@link #encode} order. */
    static List<String> columns() {
        List<String> columns = new ArrayList<>(NUMERIC);
        CATEGORICAL.forEach((name, levels) -> levels.subList(1, levels.size()).forEach(level -> columns.add(name + "=" + level)));
        return columns;
    }

    static Map<String, Object> masked(Map<String, Object> row) {
        return without(row, MASKED);
    }

    static Map<String, Object> without(Map<String, Object> row, List<String> absent) {
        Map<String, Object> copy = new LinkedHashMap<>(row);
        absent.forEach(copy::remove);
        return copy;
    }

}
