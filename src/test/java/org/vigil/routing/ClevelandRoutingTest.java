package org.vigil.routing;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.vigil.clinical.ClinicalRules;
import org.vigil.clinical.ClinicalThresholds;
import org.vigil.ingest.HeartCsvCoding;
import org.vigil.event.Trigger;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.HeartStudy;
import org.vigil.risk.RiskModel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router's decisions for the 303 Cleveland patients against an independent table
 * (src/test/resources/expected/cleveland-routes.csv, written by expected_routes.py from UCI's raw
 * codes and the trainer's own predictions, not by Vigil's code).
 */
class ClevelandRoutingTest {

    @Test
    void everyClevelandPatientIsRoutedAsTheIndependentTableSays() throws Exception {
        ClinicalRules rules = new ClinicalRules(ClinicalThresholds.defaults());
        SpecialtyRouter router = new SpecialtyRouter(SpecialtyRouterTest.SHIPPED);
        RiskModel risk = new RiskModel("");

        List<String> expected = Files.readAllLines(Path.of("src/test/resources/expected/cleveland-routes.csv"));
        List<String> mismatches = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(Path.of("data/processed.cleveland.data"), StandardCharsets.UTF_8)) {
            for (CSVRecord row : CSVFormat.DEFAULT.parse(reader)) {
                HeartStudy study = HeartCsvCoding.UCI.decode(row.toList());
                ClinicalRecord record = new ClinicalRecord("line-" + row.getRecordNumber(), "file:processed.cleveland.data:"
                        + row.getRecordNumber(), null, null, null, null, study, null);
                Double probability = risk.score(study).map(r -> r.probability()).orElse(null);
                Map<String, String> facts = Trigger.factsOf(record, rules.assess(record), null, probability,
                        SpecialtyRouterTest.ROUTING.riskThreshold());
                Set<String> actual = new TreeSet<>(router.route(facts).reasonsByDestination().keySet());
                String wanted = expected.get((int) row.getRecordNumber()).split(",")[1];
                if (!String.join("|", actual).equals(wanted)) {
                    mismatches.add("line " + row.getRecordNumber() + ": expected " + wanted + ", routed " + actual);
                }
            }
        }
        assertThat(expected).hasSize(304);
        assertThat(mismatches).isEmpty();
    }
}
