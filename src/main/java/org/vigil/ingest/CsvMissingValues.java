package org.vigil.ingest;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What other sites write for "absent": per coding ({@code codings.uci.chol: [0]}: UCI-schema
 * files from other hospitals code a missing cholesterol as 0, which no patient has) and per input
 * ({@code inputs."[switzerland*.csv]".trestbps: [0]}, a file-name glob, or the site an HTTP sender
 * states); column {@code *} for every column (e.g. {@code NaN}, which pandas writes). Such a
 * value is read as absent and recorded in the record's {@code absentAsSent}, never as the number.
 * Numbers match by value ({@code 0} matches {@code 0.0}), text without case. UCI's own {@code ?} is
 * always absent.
 */
@ConfigurationProperties("vigil.ingest.csv.missing-values")
public record CsvMissingValues(Map<String, Map<String, List<String>>> codings, Map<String, Map<String, List<String>>> inputs) {

    public CsvMissingValues {
        codings = codings == null ? Map.of() : codings;
        inputs = inputs == null ? Map.of() : inputs;
    }

    /** Column to the texts that mean absent in it, for one input. */
    public Map<String, Set<String>> forLayout(CsvLayout layout) {
        Map<String, Set<String>> absent = new HashMap<>();
        add(absent, codings.getOrDefault(layout.coding().name().toLowerCase(Locale.ROOT), Map.of()));
        if (layout.inputName() != null) {
            inputs.forEach((glob, rules) -> {
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
                if (matcher.matches(Path.of(layout.inputName()).getFileName())) {
                    add(absent, rules);
                }
            });
        }
        return absent;
    }

    private static void add(Map<String, Set<String>> absent, Map<String, List<String>> rules) {
        rules.forEach((column, values) -> absent.computeIfAbsent(column.toLowerCase(Locale.ROOT), c -> new HashSet<>())
                .addAll(values.stream().map(String::strip).toList()));
    }
}
