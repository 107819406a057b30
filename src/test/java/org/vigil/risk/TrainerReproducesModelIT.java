package org.vigil.risk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed model is what the committed trainer makes: retraining gives the same bytes. */
class TrainerReproducesModelIT {

    @Test
    void retrainingReproducesTheCommittedPmmlAndModelCard() throws Exception {
        Path out = Path.of("target/retrained-model");
        Process trainer = new ProcessBuilder("./vigil", "train", "data/processed.cleveland.data", out.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target/trainer.log").toFile()))
                .start();
        assertThat(trainer.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(trainer.exitValue()).as("see target/trainer.log").isZero();

        for (String file : new String[] {"heart-risk.pmml", "MODEL_CARD.md", "heart-risk-predictions.csv"}) {
            assertThat(Files.readString(out.resolve(file))).as(file).isEqualTo(Files.readString(Path.of("models", file)));
        }
    }
}
