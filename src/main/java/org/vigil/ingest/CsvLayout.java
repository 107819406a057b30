package org.vigil.ingest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How one CSV input is laid out: its coding, its columns in order (from its header row, or the
 * coding's own order when it has none) and the name it came under (a file name, or the site an
 * HTTP sender states), for per-input missing-value rules. Columns are matched by name, so a file
 * that adds a column, or lacks the target, is read right; the 13 study columns must all be there.
 *
 * <p>Written as text ({@link #toString()}, e.g. {@code uci;age,sex,...;hungarian.csv}) on the dead
 * letters of its rows, so a replayed row is read as its file was.
 */
public record CsvLayout(HeartCsvCoding coding, List<String> columns, boolean header, String inputName) {

    public CsvLayout {
        columns = List.copyOf(columns);
    }

    /** A file without a header row: the coding's columns, in its order. */
    static CsvLayout positional(HeartCsvCoding coding, String inputName) {
        return new CsvLayout(coding, coding.columns(), false, inputName);
    }

    /** The column names of a header row, normalised (lower case, no spaces), checked for the study's columns. */
    static List<String> headerColumns(String line) {
        List<String> columns = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String field : line.split(",", -1)) {
            String name = field.strip().replace("\"", "").replace(" ", "").toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new InvalidRecordException("CSV header '" + line.strip() + "' has an empty column name");
            }
            if (!seen.add(name)) {
                throw new InvalidRecordException("CSV header '" + line.strip() + "' names column '" + name + "' twice");
            }
            columns.add(name);
        }
        List<String> lacking = HeartCsvCoding.COMMON_COLUMNS.stream().filter(c -> !columns.contains(c)).toList();
        if (!lacking.isEmpty()) {
            throw new InvalidRecordException("CSV header '" + line.strip() + "' lacks the column(s) " + String.join(",", lacking)
                    + " of the UCI heart-disease schema");
        }
        return columns;
    }

    /** Whether a first line is a header row: its first field is a name, not a value. */
    static boolean isHeader(String line) {
        String first = line.split(",", 2)[0].strip().replace("\"", "");
        if (first.isEmpty() || "?".equals(first)) {
            return false;
        }
        try {
            new java.math.BigDecimal(first);
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /**
     * Header names a site may give the column that says whose row it is: the record's patient
     * ({@code Patient/<value>} unless the value is a reference already). Without one, a row has no
     * patient (the UCI files have none): it is classified and stored, but no patient's alert or
     * FHIR write-back follows from it.
     */
    static final List<String> PATIENT_COLUMNS = List.of("patient", "patientid", "patient_id", "subject");

    /** The column naming the patient, if the header has one. */
    java.util.Optional<String> patientColumn() {
        return columns.stream().filter(PATIENT_COLUMNS::contains).findFirst();
    }

    /** The columns outside the schema (kept under {@code extra}), but the patient's. */
    List<String> extraColumns() {
        return columns.stream().filter(c -> !coding.columns().contains(c) && !PATIENT_COLUMNS.contains(c)).toList();
    }

    @Override
    public String toString() {
        return coding.name().toLowerCase(Locale.ROOT) + ";" + String.join(",", columns) + ";" + (inputName == null ? "" : inputName);
    }

    /** Reads {@link #toString()} back; a bare coding name ({@code uci}) is that coding's own layout. */
    public static CsvLayout parse(String text) {
        String[] parts = text.split(";", -1);
        HeartCsvCoding coding = HeartCsvCoding.stated(parts[0]);
        if (parts.length < 2 || parts[1].isBlank()) {
            return positional(coding, parts.length > 2 ? parts[2] : null);
        }
        return new CsvLayout(coding, List.of(parts[1].split(",")), false, parts.length > 2 && !parts[2].isBlank() ? parts[2] : null);
    }
}
