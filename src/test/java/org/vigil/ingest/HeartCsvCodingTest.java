package org.vigil.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.record.ChestPain;
import org.vigil.record.HeartStudy;
import org.vigil.record.RestingEcg;
import org.vigil.record.Sex;
import org.vigil.record.StSlope;
import org.vigil.record.Thal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both codings against the same 303 Cleveland patients: every heart.csv row must decode to the
 * same canonical record as its twin in UCI's file. A wrong recoding (chest pain, ECG, slope,
 * thal) or the inverted target would break the match.
 */
class HeartCsvCodingTest {

    private static List<HeartStudy> uci;
    private static List<HeartStudy> kaggle;

    @BeforeAll
    static void decodeBothFiles() throws IOException {
        uci = decode(Path.of("data/processed.cleveland.data"), HeartCsvCoding.UCI, false);
        kaggle = decode(Path.of("data/heart.csv"), HeartCsvCoding.KAGGLE, true);
    }

    private static List<HeartStudy> decode(Path file, HeartCsvCoding coding, boolean header) throws IOException {
        List<HeartStudy> studies = new ArrayList<>();
        try (var parser = CSVFormat.DEFAULT.parse(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            for (CSVRecord row : parser) {
                if (header && row.getRecordNumber() == 1) {
                    assertThat(HeartCsvCoding.ofHeader(String.join(",", row.toList()))).contains(coding);
                    continue;
                }
                studies.add(coding.decode(row.toList()));
            }
        }
        return studies;
    }

    /** heart.csv carries presence only, not UCI's 0-4 grade: compare without it. */
    private static HeartStudy withoutGrade(HeartStudy s) {
        return new HeartStudy(s.age(), s.sex(), s.chestPain(), s.restingSystolicBp(), s.cholesterol(),
                s.fastingBloodSugarOver120(), s.restingEcg(), s.maxHeartRate(), s.exerciseAngina(), s.stDepression(),
                s.stSlope(), s.majorVessels(), s.thal(), s.diseasePresent(), null);
    }

    @Test
    void bothFilesHoldTheExpectedRows() {
        assertThat(uci).hasSize(303);
        assertThat(kaggle).hasSize(1025);
        assertThat(new HashSet<>(kaggle)).as("distinct heart.csv rows").hasSize(302);
    }

    @Test
    void everyHeartCsvRowMapsToTheSameRecordAsItsUciTwin() {
        Set<HeartStudy> uciRecords = new HashSet<>();
        uci.forEach(s -> uciRecords.add(withoutGrade(s)));

        List<HeartStudy> orphans = kaggle.stream().filter(s -> !uciRecords.contains(s)).toList();

        assertThat(orphans).as("heart.csv rows without an identical UCI twin").isEmpty();
        // PROVENANCE.md: exactly one Cleveland patient is absent from heart.csv.
        Set<HeartStudy> covered = new HashSet<>(kaggle);
        assertThat(uciRecords.stream().filter(s -> !covered.contains(s)).toList()).hasSize(1);
    }

    @Test
    void firstUciPatientDecodesWithUciMeaning() {
        // 63.0,1.0,1.0,145.0,233.0,1.0,2.0,150.0,0.0,2.3,3.0,0.0,6.0,0
        HeartStudy first = uci.get(0);
        assertThat(first.age()).isEqualTo(63);
        assertThat(first.sex()).isEqualTo(Sex.MALE);
        assertThat(first.chestPain()).isEqualTo(ChestPain.TYPICAL_ANGINA);
        assertThat(first.restingSystolicBp()).isEqualTo(145);
        assertThat(first.fastingBloodSugarOver120()).isTrue();
        assertThat(first.restingEcg()).isEqualTo(RestingEcg.LEFT_VENTRICULAR_HYPERTROPHY);
        assertThat(first.stDepression()).isEqualTo(2.3);
        assertThat(first.stSlope()).isEqualTo(StSlope.DOWNSLOPING);
        assertThat(first.thal()).isEqualTo(Thal.FIXED_DEFECT);
        assertThat(first.diseasePresent()).isFalse();
        assertThat(first.diseaseGrade()).isZero();
    }

    @Test
    void kaggleTargetOneMeansNoDiseaseAndChestPainZeroIsAsymptomatic() {
        // heart.csv line 2: 52,1,0,125,212,0,1,168,0,1,2,2,3,0 -> cp 0 asymptomatic, target 0 = disease
        HeartStudy row = HeartCsvCoding.KAGGLE.decode(List.of("52,1,0,125,212,0,1,168,0,1,2,2,3,0".split(",")));
        assertThat(row.chestPain()).isEqualTo(ChestPain.ASYMPTOMATIC);
        assertThat(row.diseasePresent()).isTrue();
        assertThat(row.restingEcg()).isEqualTo(RestingEcg.NORMAL);
        assertThat(row.stSlope()).isEqualTo(StSlope.UPSLOPING);
        assertThat(row.thal()).isEqualTo(Thal.REVERSIBLE_DEFECT);

        HeartStudy healthy = HeartCsvCoding.KAGGLE.decode(List.of("52,1,0,125,212,0,1,168,0,1,2,2,3,1".split(",")));
        assertThat(healthy.diseasePresent()).isFalse();
        assertThat(healthy.diseaseGrade()).as("heart.csv has no grade").isNull();
    }

    @Test
    void missingValuesAreAbsentInBothCodings() {
        HeartStudy uciMissing = HeartCsvCoding.UCI.decode(List.of("53.0,0.0,3.0,128.0,216.0,0.0,2.0,115.0,0.0,0.0,1.0,?,?,0".split(",")));
        assertThat(uciMissing.majorVessels()).isNull();
        assertThat(uciMissing.thal()).isNull();

        HeartStudy kaggleMissing = HeartCsvCoding.KAGGLE.decode(List.of("53,0,2,128,216,0,0,115,0,0,2,4,0,1".split(",")));
        assertThat(kaggleMissing.majorVessels()).as("ca 4 is heart.csv's missing").isNull();
        assertThat(kaggleMissing.thal()).as("thal 0 is heart.csv's missing").isNull();
    }

    @Test
    void codesOutsideTheCodingAreRefusedWithTheColumnNamed() {
        assertThatThrownBy(() -> HeartCsvCoding.UCI.decode(List.of("63,1,0,145,233,1,2,150,0,2.3,3,0,6,0".split(","))))
                .hasMessage("column 'cp' has code 0, expected one of [1, 2, 3, 4]");
        assertThatThrownBy(() -> HeartCsvCoding.UCI.decode(List.of("63,1,1,145,233,1,2,150,0,2.3,3,0,6,5".split(","))))
                .hasMessage("column 'num' is 5, outside 0-4");
        assertThatThrownBy(() -> HeartCsvCoding.KAGGLE.decode(List.of("52,1,0,125,212,0,1,168,0,1,2,2,3,2".split(","))))
                .hasMessage("column 'target' is 2, outside 0-1");
        assertThatThrownBy(() -> HeartCsvCoding.UCI.decode(List.of("63.5,1,1,145,233,1,2,150,0,2.3,3,0,6,0".split(","))))
                .hasMessage("column 'age' is 63.5, not a whole number");
        assertThatThrownBy(() -> HeartCsvCoding.UCI.decode(List.of("63,1,1,420,233,1,2,150,0,2.3,3,0,6,0".split(","))))
                .hasMessage("column 'trestbps' is 420, outside 20-300");
        assertThatThrownBy(() -> HeartCsvCoding.UCI.decode(List.of("abc,1,1,145,233,1,2,150,0,2.3,3,0,6,0".split(","))))
                .hasMessage("column 'age' is 'abc', not a number");
        assertThatThrownBy(() -> HeartCsvCoding.UCI.decode(List.of("63,1,1,145".split(","))))
                .hasMessageStartingWith("row has 4 columns, expected 14");
    }

    @Test
    void headersAnnounceTheirCodingAndStatedNamesAreChecked() {
        assertThat(HeartCsvCoding.ofHeader("age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,target\r"))
                .contains(HeartCsvCoding.KAGGLE);
        assertThat(HeartCsvCoding.ofHeader("age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num"))
                .contains(HeartCsvCoding.UCI);
        assertThat(HeartCsvCoding.ofHeader("63.0,1.0,1.0,145.0,233.0,1.0,2.0,150.0,0.0,2.3,3.0,0.0,6.0,0")).isEmpty();
        assertThat(HeartCsvCoding.stated("Kaggle")).isEqualTo(HeartCsvCoding.KAGGLE);
        assertThatThrownBy(() -> HeartCsvCoding.stated("cleveland")).hasMessage("CSV coding 'cleveland' is unknown; use uci or kaggle");
    }
}
