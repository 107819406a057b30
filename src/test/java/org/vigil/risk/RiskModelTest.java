package org.vigil.risk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmml4s.model.Model;
import org.vigil.record.ChestPain;
import org.vigil.record.HeartStudy;
import org.vigil.record.Sex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RiskModelTest {

    private final RiskModel bundled = new RiskModel("");

    @Test
    void pmmlGivesTheTrainersPredictionOnEveryTrainingRow() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("models/heart-risk-predictions.csv"));
        String[] header = lines.get(0).split(",", -1);
        Model model = Model.fromFile("models/heart-risk.pmml");
        assertThat(lines).hasSize(304);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, Object> inputs = new LinkedHashMap<>();
            for (int c = 0; c < header.length - 1; c++) {
                if (!cells[c].isEmpty()) {
                    inputs.put(header[c], Character.isDigit(cells[c].charAt(0)) ? (Object) Double.valueOf(cells[c]) : cells[c]);
                }
            }
            double expected = Double.parseDouble(cells[header.length - 1]);
            double actual = ((Number) model.predict(inputs).get("probability(yes)")).doubleValue();
            assertThat(actual).as(line).isCloseTo(expected, within(1e-9));
        }
    }

    private static HeartStudy study(Integer cholesterol, Integer vessels) {
        return new HeartStudy(63, Sex.MALE, ChestPain.ASYMPTOMATIC, 145, cholesterol, true, null, 120, true, 2.3,
                null, vessels, null, null, null);
    }

    @Test
    void vigilScoresEveryClevelandPatientAsTheTrainerDid() throws Exception {
        List<String> predictions = Files.readAllLines(Path.of("models/heart-risk-predictions.csv"));
        List<String> patients = Files.readAllLines(Path.of("data/processed.cleveland.data"));
        for (int i = 0; i < patients.size(); i++) {
            HeartStudy study = org.vigil.ingest.HeartCsvCoding.UCI.decode(List.of(patients.get(i).split(",")));
            String[] expected = predictions.get(i + 1).split(",", -1);
            assertThat(bundled.score(study).orElseThrow().probability()).as(patients.get(i))
                    .isCloseTo(Double.parseDouble(expected[expected.length - 1]), within(1e-9));
        }
    }

    @Test
    void optionalFeaturesAreImputedAndNamed() {
        RiskScore score = bundled.score(study(233, 2)).orElseThrow();
        assertThat(score.probability()).isBetween(0.0, 1.0);
        assertThat(score.modelVersion()).isEqualTo("heart-risk-lr-1");
        assertThat(score.imputed()).containsExactly("restingEcg", "stSlope", "thal");

        RiskScore sparse = bundled.score(study(null, null)).orElseThrow();
        assertThat(sparse.imputed()).containsExactly("cholesterol", "restingEcg", "stSlope", "majorVessels", "thal");
    }

    @Test
    void recordsWithoutCoreFeaturesAreNotScored() {
        HeartStudy noAge = new HeartStudy(null, Sex.MALE, ChestPain.ASYMPTOMATIC, 145, 233, true, null, 120, true, 2.3,
                null, 0, null, null, null);
        assertThat(bundled.score(noAge)).isEmpty();
        assertThat(bundled.score(null)).as("vital signs alone").isEmpty();
    }

    @Test
    void aNewerModelFileReplacesTheModelWithoutARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("heart-risk.pmml");
        Files.copy(Path.of("models/heart-risk.pmml"), file, StandardCopyOption.REPLACE_EXISTING);
        RiskModel model = new RiskModel(file.toString());
        assertThat(model.version()).isEqualTo("heart-risk-lr-1");

        Files.writeString(file, Files.readString(file).replace("modelVersion=\"heart-risk-lr-1\"", "modelVersion=\"heart-risk-lr-2\""));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        model.reloadIfChanged();
        assertThat(model.version()).isEqualTo("heart-risk-lr-2");

        Files.writeString(file, "<PMML>broken");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        model.reloadIfChanged();
        assertThat(model.version()).as("a broken file keeps the working model").isEqualTo("heart-risk-lr-2");
    }
}
