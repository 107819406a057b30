package org.vigil.risk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.pmml4s.model.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.vigil.record.HeartStudy;

/**
 * Scores heart-study records with the PMML risk model (PMML4S). The model is loaded once and
 * shared by all threads; when {@code vigil.risk.model-file} names a file, a newer file replaces
 * the model in place (logged with its version), without a restart.
 *
 * <p>A record lacking a core feature is not scored: a made-up value there would be a made-up
 * risk. Optional features that are absent are imputed by the model and named in the result.
 */
@Component("riskModel")
public class RiskModel {

    private static final Logger LOG = LoggerFactory.getLogger(RiskModel.class);

    /** A model with its input order and output position bound once, so scoring builds no map. */
    private record Loaded(Model model, String version, FileTime modified, String[] inputNames, int probabilityIndex) {

        Loaded(Model model, String version, FileTime modified) {
            this(model, version, modified, model.inputNames(), java.util.Arrays.asList(model.outputNames()).indexOf(PROBABILITY));
        }
    }

    private static final String PROBABILITY = "probability(yes)";

    private final Optional<Path> file;
    private final AtomicReference<Loaded> current = new AtomicReference<>();

    public RiskModel(@Value("${vigil.risk.model-file:}") String modelFile) {
        this.file = modelFile == null || modelFile.isBlank() ? Optional.empty() : Optional.of(Path.of(modelFile));
        current.set(file.map(RiskModel::load).orElseGet(RiskModel::loadBundled));
        LOG.info("Risk model {} loaded from {}", current.get().version(), file.map(Path::toString).orElse("the jar"));
    }

    public String version() {
        return current.get().version();
    }

    /** The risk for a heart-study record, or empty when a core feature is missing ("not scored"). */
    public Optional<RiskScore> score(HeartStudy study) {
        if (study == null) {
            return Optional.empty();
        }
        Map<String, Object> inputs = RiskInputs.of(study);
        if (!inputs.keySet().containsAll(RiskInputs.CORE)) {
            return Optional.empty();
        }
        Loaded loaded = current.get();
        Object[] row = new Object[loaded.inputNames().length];
        for (int i = 0; i < row.length; i++) {
            row[i] = inputs.get(loaded.inputNames()[i]); // null: missing, replaced as the PMML says
        }
        Object probability = loaded.model().predict(row)[loaded.probabilityIndex()];
        List<String> imputed = new ArrayList<>();
        RiskInputs.OPTIONAL.stream().filter(name -> !inputs.containsKey(name)).forEach(imputed::add);
        return Optional.of(new RiskScore(((Number) probability).doubleValue(), loaded.version(), List.copyOf(imputed)));
    }

    /** Swaps in a newer model file, if one was written since the last look. */
    @Scheduled(fixedDelayString = "${vigil.risk.reload-check-ms:10000}")
    public void reloadIfChanged() {
        file.ifPresent(path -> {
            try {
                FileTime modified = Files.getLastModifiedTime(path);
                if (!modified.equals(current.get().modified())) {
                    Loaded fresh = load(path);
                    Loaded old = current.getAndSet(fresh);
                    LOG.info("Risk model replaced: {} -> {} ({})", old.version(), fresh.version(), path);
                }
            } catch (Exception e) { // PMML4S signals a malformed model with Scala exceptions, unchecked in Java
                // A half-written or broken file must not take the working model down.
                LOG.warn("Risk model file {} not reloaded, keeping {}: {}", path, current.get().version(), e.toString());
            }
        });
    }

    private static Loaded load(Path path) {
        try {
            Model model = Model.fromFile(path.toFile());
            return new Loaded(model, versionOf(model), Files.getLastModifiedTime(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read risk model " + path, e);
        }
    }

    private static Loaded loadBundled() {
        try (InputStream in = new ClassPathResource("models/heart-risk.pmml").getInputStream()) {
            Model model = Model.fromInputStream(in);
            return new Loaded(model, versionOf(model), null);
        } catch (IOException e) {
            throw new UncheckedIOException("the jar has no models/heart-risk.pmml", e);
        }
    }

    private static String versionOf(Model model) {
        return model.header().modelVersion().isDefined() ? model.header().modelVersion().get() : "unversioned";
    }
}
