package org.vigil.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import ca.uhn.fhir.parser.DataFormatException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.vigil.ingest.hl7.Hl7Input;
import org.vigil.ingest.hl7.Hl7Messages;
import org.vigil.ingest.hl7.Hl7Observations;
import org.vigil.record.ClinicalRecord;
import org.vigil.testsupport.Fhir;
import org.vigil.testsupport.ShippedConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated bad input, 100,000 pieces of it, through the beans every ingest route calls (the CSV row
 * mapping, the FHIR entry reader and Observation reader, the HL7 v2 reader and ORU mapping): each
 * valid input mutated (a field removed, retyped, replaced by noise, the text cut short, characters
 * inserted) or replaced by noise. Each must end as accepted, not used, or refused with a reason (a
 * refusal is what the routes dead-letter); any other exception would escape its route, and fails
 * the property with the input that caused it. Seeds are fixed, so a run is repeatable; the counts
 * of each outcome are printed at the end, each input counted once its answer is in (entries refused
 * inside a Bundle are counted apart), and the total must be every try.
 */
class IngestFuzzTest {

    /** Each generated input's outcome, counted once the bean has answered it. */
    private static final Map<String, LongAdder> OUTCOMES = new ConcurrentHashMap<>();
    /** The entries refused inside inputs that were read (a Bundle or NDJSON of several): beside the inputs, not among them. */
    private static final Map<String, LongAdder> ENTRY_OUTCOMES = new ConcurrentHashMap<>();
    private static final FhirEntries ENTRIES = Fhir.entries();
    private static final FhirObservations OBSERVATIONS = Fhir.observations();
    private static final Hl7Messages HL7 = new Hl7Messages("ISO-8859-1", 4 * 1024 * 1024);
    private static final Hl7Observations HL7_OBSERVATIONS = new Hl7Observations(OBSERVATIONS, Fhir.terminology());
    private static final HeartCsvRows CSV = new HeartCsvRows(ShippedConfiguration.bind("vigil.ingest.csv.missing-values", CsvMissingValues.class));
    private static final CsvLayout KAGGLE = CsvLayout.positional(HeartCsvCoding.KAGGLE, "fuzz.csv");
    private static final List<String> CSV_ROWS = lines(Path.of("data/heart.csv")).subList(1, 200);
    private static final List<String> OBSERVATION_JSON = List.of(read("src/test/resources/fhir/heart-rate.json"),
            read("src/test/resources/fhir/blood-pressure.json"));
    private static final String PCD01 = read("src/test/resources/hl7/pcd01-monitor.hl7");
    private static final String NOISE = "{}[]\",:\\\n\r|^~&0123456789.-+eE ÿ€\u0000\u202eabcxyz<>?'null true false";

    @Property(tries = 30_000, seed = "13")
    void csvRows(@ForAll("csvLines") String line) {
        outcome("csv", () -> {
            List<CSVRecord> records;
            try {
                records = CSVFormat.DEFAULT.parse(new StringReader(line)).getRecords();
            } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
                throw new InvalidRecordException("CSV cannot be parsed: " + e.getMessage());
            }
            List<List<String>> rows = new ArrayList<>();
            records.forEach(record -> rows.add(record.toList()));
            return CSV.toRecord(rows, "fuzz:csv", KAGGLE);
        });
    }

    @Property(tries = 25_000, seed = "17")
    void fhirObservations(@ForAll("observations") String json) {
        outcome("fhir", () -> interpretAll(json));
    }

    @Property(tries = 20_000, seed = "19")
    void fhirBundles(@ForAll("bundles") String json) {
        outcome("bundle", () -> interpretAll(json));
    }

    @Property(tries = 25_000, seed = "23")
    void hl7Messages(@ForAll("hl7") byte[] message) {
        outcome("hl7", () -> {
            Hl7Input input = HL7.read(message);
            return "ORU".equals(input.kind()) ? HL7_OBSERVATIONS.records(input) : input.kind();
        });
    }

    @AfterContainer
    static void printCounts() {
        long total = OUTCOMES.values().stream().mapToLong(LongAdder::sum).sum();
        System.out.println("IngestFuzzTest: " + total + " generated inputs answered; outcomes:");
        new TreeMap<>(OUTCOMES).forEach((outcome, count) -> System.out.printf("  %-70s %,8d%n", outcome, count.sum()));
        System.out.println("  and inside the inputs read, entries refused alone:");
        new TreeMap<>(ENTRY_OUTCOMES).forEach((outcome, count) -> System.out.printf("  %-70s %,8d%n", outcome, count.sum()));
        assertThat(total).as("every try of the four properties answered once (30,000 + 25,000 + 20,000 + 25,000)").isEqualTo(100_000);
    }

    /** An input's entries read and each interpreted, as the FHIR routes split and read them; refused entries are refused alone. */
    private static Object interpretAll(String json) {
        FhirEntries.FhirInput input = ENTRIES.read(json);
        List<Object> results = new ArrayList<>();
        for (FhirEntry entry : input.entries()) {
            try {
                results.add(OBSERVATIONS.interpret(entry, "fuzz:fhir"));
            } catch (InvalidRecordException e) {
                assertThat(e.getMessage()).as("a refused entry says why").isNotBlank();
                ENTRY_OUTCOMES.computeIfAbsent("entry refused: " + e.getClass().getSimpleName(), o -> new LongAdder()).increment();
            }
        }
        return results;
    }

    private interface Work {
        Object run();
    }

    /** Accepted, not used, or refused with a reason; anything else escapes a route and fails here. */
    private static void outcome(String kind, Work work) {
        try {
            Object result = work.run();
            count(kind + " " + (result instanceof ClinicalRecord || result instanceof List<?> list && list.stream().anyMatch(ClinicalRecord.class::isInstance)
                    ? "accepted" : result instanceof NotUsed || result instanceof String ? "not used" : "read, nothing to use"));
        } catch (InvalidRecordException | DataFormatException e) {
            assertThat(e.getMessage()).as("a refusal says why").isNotBlank();
            count(kind + " refused: " + e.getClass().getSimpleName());
        }
    }

    private static void count(String outcome) {
        OUTCOMES.computeIfAbsent(outcome, o -> new LongAdder()).increment();
    }

    @Provide
    Arbitrary<String> csvLines() {
        Arbitrary<String> valid = Arbitraries.of(CSV_ROWS);
        Arbitrary<String> fieldReplaced = Combinators.combine(valid, Arbitraries.integers().between(0, 15), noise(0, 12))
                .as((row, field, value) -> {
                    String[] fields = row.split(",", -1);
                    fields[field % fields.length] = value;
                    return String.join(",", fields);
                });
        Arbitrary<String> fieldsDropped = Combinators.combine(valid, Arbitraries.integers().between(1, 13))
                .as((row, keep) -> String.join(",", java.util.Arrays.copyOf(row.split(",", -1), keep)));
        Arbitrary<String> fieldsAdded = Combinators.combine(valid, noise(0, 8)).as((row, extra) -> row + "," + extra);
        return Arbitraries.oneOf(fieldReplaced, fieldsDropped, fieldsAdded, cut(valid), inserted(valid), noise(0, 80), valid);
    }

    @Provide
    Arbitrary<String> observations() {
        Arbitrary<String> valid = Arbitraries.of(OBSERVATION_JSON);
        Arbitrary<String> retyped = Combinators.combine(valid, Arbitraries.of("status", "code", "subject", "effectiveDateTime",
                        "valueQuantity", "component", "category", "dataAbsentReason", "id", "resourceType", "device", "value", "unit",
                        "system", "reference", "coding"),
                Arbitraries.of("null", "42", "-1e309", "\"\"", "\"x\"", "[]", "{}", "[{}]", "true", "\"2026-13-45\"", "{\"value\":\"NaN\"}"))
                .as((json, field, value) -> json.replaceFirst("\"" + field + "\"\\s*:\\s*(\"[^\"]*\"|[-0-9.eE]+|\\{[^{}]*}|\\[[^\\[\\]]*])",
                        "\"" + field + "\": " + value));
        Arbitrary<String> removed = Combinators.combine(valid, Arbitraries.of("status", "code", "subject", "effectiveDateTime",
                "valueQuantity", "component", "category", "system", "unit"))
                .as((json, field) -> json.replaceFirst("\"" + field + "\"\\s*:", "\"x-" + field + "\":"));
        return Arbitraries.oneOf(retyped, removed, cut(valid), inserted(valid), noise(0, 60), valid);
    }

    @Provide
    Arbitrary<String> bundles() {
        return Combinators.combine(observations().list().ofMinSize(1).ofMaxSize(5),
                        Arbitraries.of("batch", "transaction", "collection", "searchset", "message", "", "nonsense"))
                .as((entries, type) -> "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":["
                        + String.join(",", entries.stream().map(e -> "{\"fullUrl\":\"urn:uuid:" + Math.abs(e.hashCode()) + "\",\"resource\":"
                        + (e.isBlank() ? "null" : e) + "}").toList()) + "]}");
    }

    @Provide
    Arbitrary<byte[]> hl7() {
        Arbitrary<String> valid = Arbitraries.just(PCD01);
        Arbitrary<String> segmentDropped = Arbitraries.integers().between(0, 10).map(drop -> {
            List<String> segments = new ArrayList<>(List.of(PCD01.split("\r")));
            segments.remove(Math.min(drop, segments.size() - 1));
            return String.join("\r", segments);
        });
        Arbitrary<String> fieldReplaced = Combinators.combine(Arbitraries.integers().between(0, 10), Arbitraries.integers().between(1, 20),
                noise(0, 10)).as((segment, field, value) -> {
                    String[] segments = PCD01.split("\r");
                    String[] fields = segments[segment % segments.length].split("\\|", -1);
                    fields[field % fields.length] = value;
                    segments[segment % segments.length] = String.join("|", fields);
                    return String.join("\r", segments);
                });
        Arbitrary<String> text = Arbitraries.oneOf(segmentDropped, fieldReplaced, cut(valid), inserted(valid), noise(0, 60),
                noise(0, 40).map(n -> "MSH|^~\\&|" + n));
        Arbitrary<byte[]> encoded = text.map(t -> t.getBytes(StandardCharsets.ISO_8859_1));
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.oneOf(encoded, encoded, encoded, bytes);
    }

    private static Arbitrary<String> noise(int min, int max) {
        return Arbitraries.strings().withChars(NOISE.toCharArray()).withCharRange('\u0020', '\u007e').ofMinLength(min).ofMaxLength(max);
    }

    private static Arbitrary<String> cut(Arbitrary<String> valid) {
        return Combinators.combine(valid, Arbitraries.doubles().between(0, 1)).as((text, at) -> text.substring(0, (int) (text.length() * at)));
    }

    private static Arbitrary<String> inserted(Arbitrary<String> valid) {
        return Combinators.combine(valid, Arbitraries.doubles().between(0, 1), noise(1, 6))
                .as((text, at, what) -> {
                    int position = (int) (text.length() * at);
                    return text.substring(0, position) + what + text.substring(position);
                });
    }

    private static List<String> lines(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
