package org.vigil.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.vigil.record.ChestPain;
import org.vigil.record.HeartStudy;
import org.vigil.record.RestingEcg;
import org.vigil.record.Sex;
import org.vigil.record.StSlope;
import org.vigil.record.Thal;

/**
 * The two codings of the UCI heart-disease schema in circulation. Both have the same 14 columns
 * in the same order but code categories differently, and heart.csv inverts the target (see
 * data/PROVENANCE.md). Each decodes to {@link HeartStudy} with UCI's meaning.
 */
public enum HeartCsvCoding {

    /** UCI's processed.*.data: no header, cp 1-4, restecg 0-2, slope 1-3, thal 3/6/7, '?' missing, num 0-4. */
    UCI("num",
            Map.of(1, ChestPain.TYPICAL_ANGINA, 2, ChestPain.ATYPICAL_ANGINA, 3, ChestPain.NON_ANGINAL_PAIN, 4, ChestPain.ASYMPTOMATIC),
            Map.of(0, RestingEcg.NORMAL, 1, RestingEcg.ST_T_WAVE_ABNORMALITY, 2, RestingEcg.LEFT_VENTRICULAR_HYPERTROPHY),
            Map.of(1, StSlope.UPSLOPING, 2, StSlope.FLAT, 3, StSlope.DOWNSLOPING),
            Map.of(3, Thal.NORMAL, 6, Thal.FIXED_DEFECT, 7, Thal.REVERSIBLE_DEFECT),
            null, null),

    /**
     * The circulating heart.csv: header row, cp 0 = asymptomatic, restecg 0 = LVH, slope 0 = downsloping,
     * thal 0 and ca 4 mean missing, and target 1 means NO disease.
     */
    KAGGLE("target",
            Map.of(0, ChestPain.ASYMPTOMATIC, 1, ChestPain.ATYPICAL_ANGINA, 2, ChestPain.NON_ANGINAL_PAIN, 3, ChestPain.TYPICAL_ANGINA),
            Map.of(0, RestingEcg.LEFT_VENTRICULAR_HYPERTROPHY, 1, RestingEcg.NORMAL, 2, RestingEcg.ST_T_WAVE_ABNORMALITY),
            Map.of(0, StSlope.DOWNSLOPING, 1, StSlope.FLAT, 2, StSlope.UPSLOPING),
            Map.of(1, Thal.FIXED_DEFECT, 2, Thal.NORMAL, 3, Thal.REVERSIBLE_DEFECT),
            4, 0);

    public static final List<String> COMMON_COLUMNS = List.of(
            "age", "sex", "cp", "trestbps", "chol", "fbs", "restecg",
            "thalach", "exang", "oldpeak", "slope", "ca", "thal");

    private final String targetColumn;
    private final Map<Integer, ChestPain> chestPain;
    private final Map<Integer, RestingEcg> restingEcg;
    private final Map<Integer, StSlope> stSlope;
    private final Map<Integer, Thal> thal;
    private final Integer missingVessels;
    private final Integer missingThal;

    HeartCsvCoding(String targetColumn, Map<Integer, ChestPain> chestPain, Map<Integer, RestingEcg> restingEcg,
                   Map<Integer, StSlope> stSlope, Map<Integer, Thal> thal, Integer missingVessels, Integer missingThal) {
        this.targetColumn = targetColumn;
        this.chestPain = chestPain;
        this.restingEcg = restingEcg;
        this.stSlope = stSlope;
        this.thal = thal;
        this.missingVessels = missingVessels;
        this.missingThal = missingThal;
    }

    /** The column holding the diagnosis ({@code num} or {@code target}); a file may lack it. */
    public String targetColumn() {
        return targetColumn;
    }

    public List<String> columns() {
        return java.util.stream.Stream.concat(COMMON_COLUMNS.stream(), java.util.stream.Stream.of(targetColumn)).toList();
    }

    public String headerLine() {
        return String.join(",", columns());
    }

    /** The coding a header row announces, if it is one of the two known headers. */
    public static Optional<HeartCsvCoding> ofHeader(String line) {
        String header = line.strip().replace(" ", "").toLowerCase(Locale.ROOT);
        for (HeartCsvCoding coding : values()) {
            if (coding.headerLine().equals(header)) {
                return Optional.of(coding);
            }
        }
        return Optional.empty();
    }

    /** A coding a sender states ({@code uci} or {@code kaggle}). */
    public static HeartCsvCoding stated(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException("CSV coding '" + name + "' is unknown; use uci or kaggle");
        }
    }

    /** A row in this coding's own column order, with only UCI's '?' for absent. */
    public HeartStudy decode(List<String> fields) {
        return decode(new CsvFields(columns(), fields));
    }

    HeartStudy decode(CsvFields row) {
        Integer vessels = row.integer("ca", 0, 4);
        if (vessels != null && vessels.equals(missingVessels)) {
            vessels = null;
        } else if (vessels != null && vessels > 3) {
            throw new InvalidRecordException("column 'ca' is " + vessels + ", outside 0-3");
        }
        Integer thalCode = row.integer("thal", 0, 7);
        Integer target = row.integer(targetColumn, 0, this == UCI ? 4 : 1);
        Boolean disease = target == null ? null : (this == UCI ? target > 0 : target == 0);
        return new HeartStudy(
                row.integer("age", 1, 120),
                row.coded("sex", Map.of(0, Sex.FEMALE, 1, Sex.MALE)),
                row.coded("cp", chestPain),
                row.integer("trestbps", 20, 300),
                row.integer("chol", 50, 1000),
                row.flag("fbs"),
                row.coded("restecg", restingEcg),
                row.integer("thalach", 20, 300),
                row.flag("exang"),
                row.decimal("oldpeak", -10, 10),
                row.coded("slope", stSlope),
                vessels,
                thalCode == null || thalCode.equals(missingThal) ? null : row.coded("thal", thal),
                disease,
                this == UCI ? target : null);
    }
}
