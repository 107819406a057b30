package org.vigil.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.vigil.testsupport.TestRunLog;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs after every other integration test (its own failsafe execution, see pom.xml) and reads what
 * Vigil logged during the whole run: the applications the tests started in this build
 * ({@link TestRunLog}) and the packaged jar's own runs (target/*.log). No line may show a patient:
 * none of heart.csv's rows (the CSV every pipeline test sends), no unmasked patient reference or
 * identifier of the test patients (ITs name them word-RUN-n), no JSON patient field, no HL7 PID or
 * OBX segment. Prints how many files and lines it read and what it found.
 */
class LogScanIT {

    private static final Map<String, Pattern> LEAKS = new LinkedHashMap<>();

    static {
        LEAKS.put("patient reference", Pattern.compile("Patient/(?!\\*\\*\\*)[A-Za-z0-9]"));
        // The integration tests' patients: dash-1a2b3c4d-1, risk-1a2b3c4d-a, ... (not the test's
        // own names: it-alerts-1a2b3c4d-store is a consumer group, nurse-1a2b3c4d a caregiver).
        LEAKS.put("test patient id", Pattern.compile("(?<![\\w-])(?!it-|nurse-|operator-|oncall-)[a-z][a-z0-9]*-[0-9a-f]{8}-[A-Za-z0-9]+"));
        LEAKS.put("JSON patient field", Pattern.compile("\"(patientId|patient|subject|reference|birthDate|name)\"\\s*:\\s*(?!\"\\*\\*\\*\")[\"\\d]"));
        LEAKS.put("HL7 patient or result segment", Pattern.compile("\\b(PID|OBX|PV1|NK1)\\|(?!\\*\\*\\*)"));
    }

    private static final Pattern CSV_ROW = Pattern.compile("-?\\d[\\d.]*(?:,-?\\d[\\d.]*){8,}");

    @Test
    void noLogLineOfTheWholeRunShowsAPatient() throws IOException {
        Set<String> heartRows = new HashSet<>(Files.readAllLines(Path.of("data/heart.csv"), StandardCharsets.UTF_8).subList(1,
                Files.readAllLines(Path.of("data/heart.csv")).size()));
        List<Path> logs = new ArrayList<>();
        if (Files.exists(TestRunLog.FILE)) {
            logs.add(TestRunLog.FILE);
        }
        try (Stream<Path> jarLogs = Files.list(Path.of("target"))) {
            jarLogs.filter(path -> path.getFileName().toString().endsWith(".log")).sorted().forEach(logs::add);
        }
        long lines = 0;
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (Path log : logs) {
            List<String> text = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            lines += text.size();
            for (String line : text) {
                LEAKS.forEach((kind, leak) -> {
                    if (leak.matcher(line).find()) {
                        found.computeIfAbsent(kind, k -> new ArrayList<>()).add(log.getFileName() + ": " + line);
                    }
                });
                Matcher row = CSV_ROW.matcher(line);
                while (row.find()) {
                    if (heartRows.contains(row.group())) {
                        found.computeIfAbsent("heart.csv row", k -> new ArrayList<>()).add(log.getFileName() + ": " + line);
                    }
                }
            }
        }
        System.out.printf("LogScanIT: %d log files, %d lines read; found: %s%n", logs.size(), lines,
                found.isEmpty() ? "nothing of a patient" : found.keySet());
        found.forEach((kind, where) -> System.out.printf("  %s (%d), e.g. %s%n", kind, where.size(), where.get(0)));
        assertThat(logs).as("the run's logs").contains(TestRunLog.FILE);
        assertThat(lines).as("lines of the run's logs").isGreaterThan(1000);
        assertThat(found).isEmpty();
    }
}
