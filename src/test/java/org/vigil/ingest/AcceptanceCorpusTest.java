package org.vigil.ingest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.record.ClinicalRecord;
import org.vigil.testsupport.Fhir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Public FHIR R4 examples that nobody on the team wrote (src/test/resources/acceptance-corpus/,
 * sources and licences in SOURCES.md): each file read entry by entry as the ingest routes read it,
 * and the accepted / refused / not used / retracted counts compared with the table derived by
 * reading each file (expected.csv).
 */
class AcceptanceCorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/acceptance-corpus");

    private final FhirEntries entries = Fhir.entries();
    private final FhirObservations observations = Fhir.observations();

    record Expected(String file, int accepted, int refused, int notUsed, int retracted, String notes) {

        @Override
        public String toString() {
            return file;
        }
    }

    record Counted(List<ClinicalRecord> accepted, List<String> refused, List<NotUsed> notUsed, List<ClinicalRecord> retracted) {
    }

    static Stream<Expected> corpus() throws IOException {
        try (Reader in = Files.newBufferedReader(CORPUS.resolve("expected.csv"), StandardCharsets.UTF_8)) {
            List<Expected> rows = new ArrayList<>();
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                rows.add(new Expected(row.get("file"), Integer.parseInt(row.get("accepted")), Integer.parseInt(row.get("refused")),
                        Integer.parseInt(row.get("not_used")), Integer.parseInt(row.get("retracted")), row.get("notes")));
            }
            return rows.stream();
        }
    }

    private Counted count(String file) throws IOException {
        String text = Files.readString(CORPUS.resolve(file), StandardCharsets.UTF_8);
        FhirEntries.FhirInput input = entries.read(InputChecks.decode(text.getBytes(StandardCharsets.UTF_8)));
        Counted counted = new Counted(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < input.entries().size(); i++) {
            try {
                Object outcome = observations.interpret(input.entries().get(i), "corpus:" + file + "/entry/" + i);
                if (outcome instanceof NotUsed notUsed) {
                    counted.notUsed().add(notUsed);
                } else if (((ClinicalRecord) outcome).retracts()) {
                    counted.retracted().add((ClinicalRecord) outcome);
                } else {
                    counted.accepted().add((ClinicalRecord) outcome);
                }
            } catch (InvalidRecordException e) {
                counted.refused().add("entry " + i + ": " + e.getMessage());
            }
        }
        return counted;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyEntryHasTheOutcomeFoundByReadingTheFile(Expected expected) throws IOException {
        Counted counted = count(expected.file());
        assertThat(counted.refused()).as("refused (%s)", expected.notes()).hasSize(expected.refused());
        assertThat(counted.accepted()).as("accepted (%s)", expected.notes()).hasSize(expected.accepted());
        assertThat(counted.notUsed()).as("not used (%s)", expected.notes()).hasSize(expected.notUsed());
        assertThat(counted.retracted()).as("retracted (%s)", expected.notes()).hasSize(expected.retracted());
        for (ClinicalRecord record : counted.accepted()) {
            assertThat(record.patientId()).as("every accepted record names its patient").isNotBlank();
            assertThat(record.effectiveTime()).isNotNull();
            assertThat(record.vitals() != null || record.body() != null).isTrue();
        }
    }

    @Test
    void theValuesReadAreTheValuesSentInCanonicalUnits() throws IOException {
        assertThat(count("fhir-r4-spec/observation-example-body-height.json").accepted().get(0).body().heightCm()).isEqualTo(169.93);
        assertThat(count("fhir-r4-spec/observation-example.json").accepted().get(0).body().weightKg()).isEqualTo(83.91);
        ClinicalRecord dar = count("fhir-r4-spec/observation-example-bloodpressure-dar.json").accepted().get(0);
        assertThat(dar.vitals().systolicMmHg()).isEqualTo(107.0);
        assertThat(dar.vitals().diastolicMmHg()).as("absent, never invented").isNull();
        ClinicalRecord oxygen = count("us-core/observation-satO2-fiO2.json").accepted().get(0);
        assertThat(oxygen.vitals().spo2Percent()).isEqualTo(95.0);
        ClinicalRecord nibp = count("phd/compound-numeric-blood-pressure-no-mean.json").accepted().get(0);
        assertThat(nibp.vitals().systolicMmHg()).isEqualTo(116.0);
        assertThat(nibp.vitals().diastolicMmHg()).isEqualTo(71.0);
    }

    @Test
    void aSyntheaPatientBundleGivesItsVitalSignsAndCountsTheRestAsNotUsedByKind() throws IOException {
        Counted synthea = count("synthea/Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json");
        List<ClinicalRecord> pressures = synthea.accepted().stream().filter(r -> r.vitals() != null).toList();
        assertThat(pressures).hasSize(3).allSatisfy(r -> {
            assertThat(r.vitals().systolicMmHg()).isGreaterThan(r.vitals().diastolicMmHg());
            assertThat(r.translatedFrom()).anySatisfy(t -> assertThat(t).startsWith("http://loinc.org|55284-4 -> 85354-9"));
            assertThat(r.recordId()).startsWith("Observation/");
            assertThat(r.patientId()).as("the transaction's urn:uuid reference, resolved").isEqualTo("Patient/d78af07c-9cb9-4f31-9b11-c45a28f2eec8");
        });
        Map<String, Integer> kinds = new LinkedHashMap<>();
        synthea.notUsed().forEach(n -> kinds.merge(n.kind(), 1, Integer::sum));
        assertThat(kinds).containsEntry("Patient", 1).containsEntry("Claim", 3).containsEntry(FhirObservations.NOT_A_MEASUREMENT, 36);
    }

    @Test
    void anElementTheStrictParserRejectsCostsThatElementNotTheBundlesVitalSigns() throws IOException {
        String synthea = Files.readString(CORPUS.resolve("synthea/Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json"));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode bundle = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(synthea);
        com.fasterxml.jackson.databind.node.ObjectNode name = (com.fasterxml.jackson.databind.node.ObjectNode) bundle.at("/entry/0/resource/name/0");
        name.remove("given");
        // Valid FHIR JSON (a given name unknown, said by a data-absent-reason) that HAPI's strict parser rejects (HAPI-1820).
        name.putArray("_given").addObject().putArray("extension").addObject()
                .put("url", "http://hl7.org/fhir/StructureDefinition/data-absent-reason").put("valueCode", "unknown");

        FhirEntries.FhirInput input = entries.read(json.writeValueAsString(bundle));
        assertThat(input.entries().get(0).resource().fhirType()).isEqualTo("Patient");
        assertThat(input.entries().get(0).warnings()).extracting(FhirParseWarnings.Warning::element).contains("_given");
        long accepted = input.entries().stream().map(e -> observations.interpret(e, "test"))
                .filter(ClinicalRecord.class::isInstance).count();
        assertThat(accepted).isEqualTo(12);
    }

    @Test
    void eachEntryKeepsItsResourceAsItWasWrittenForItsDeadLetter() throws IOException {
        String file = "phd/bundle-example-1.json";
        String text = Files.readString(CORPUS.resolve(file), StandardCharsets.UTF_8);
        FhirEntries.FhirInput input = entries.read(text);
        assertThat(input.entries()).hasSize(6).allSatisfy(entry -> {
            assertThat(text).as("character for character, as sent").contains(entry.json());
            assertThat(entry.json()).startsWith("{").endsWith("}").contains("\"resourceType\"");
        });
    }
}
