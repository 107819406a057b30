package org.vigil.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.file.GenericFile;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;
import org.vigil.record.ClinicalRecord;

/**
 * Turns rows of the UCI heart-disease CSV schema (split into fields by camel-csv) into canonical
 * records. Which coding a file uses is stated by the sender or announced by its header row, never
 * guessed: the two codings share column count and value ranges, so a wrong guess would silently
 * swap chest-pain types and invert the diagnosis. Columns are matched by the header's names when
 * there is a header ({@link CsvLayout}); values a site writes for "absent" are read as absent
 * ({@link CsvMissingValues}).
 */
@Component("heartCsvRows")
public class HeartCsvRows {

    private final CsvMissingValues missingValues;

    private final InputLimits limits;

    @org.springframework.beans.factory.annotation.Autowired
    public HeartCsvRows(CsvMissingValues missingValues, InputLimits limits) {
        this.missingValues = missingValues;
        this.limits = limits;
    }

    public HeartCsvRows(CsvMissingValues missingValues) {
        this(missingValues, InputLimits.defaults());
    }

    /** False for the header row and blank lines, which carry no measurement. */
    public boolean isDataRow(@Body String line, @ExchangeProperty(Names.Property.CSV_CODING) CsvLayout layout,
                             @ExchangeProperty(Exchange.SPLIT_INDEX) Integer splitIndex) {
        if (line.strip().isEmpty()) {
            return false;
        }
        return !(layout.header() && splitIndex != null && splitIndex == 0);
    }

    /**
     * The layout of a CSV input. Its coding: as stated (the {@code coding} header, or an inbox
     * sub-folder named {@code uci} or {@code kaggle}), else as announced by a header row (its target
     * column, {@code num} or {@code target}). A stated coding that contradicts the header row, or no
     * coding at all, refuses the input; so does a header that lacks a study column.
     */
    public CsvLayout layoutOf(Exchange exchange) {
        String fileName = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        String stated = exchange.getMessage().getHeader(Names.Header.CODING, String.class);
        if (stated == null) {
            stated = codingFolder(fileName);
        }
        String inputName = fileName != null ? Path.of(fileName).getFileName().toString()
                : exchange.getMessage().getHeader(Names.Header.SITE, String.class);
        String firstLine = firstLine(exchange.getMessage().getBody());
        if (firstLine == null || firstLine.isBlank()) {
            throw new InvalidRecordException("CSV input is empty");
        }
        if (!CsvLayout.isHeader(firstLine)) {
            if (stated == null) {
                throw new InvalidRecordException(
                        "CSV coding not stated (coding=uci or coding=kaggle) and the input has no header row to announce it");
            }
            return CsvLayout.positional(HeartCsvCoding.stated(stated), inputName);
        }
        List<String> columns = CsvLayout.headerColumns(firstLine);
        Optional<HeartCsvCoding> announced = announced(columns);
        if (stated == null) {
            HeartCsvCoding coding = announced.orElseThrow(() -> new InvalidRecordException("CSV header '" + firstLine.strip()
                    + "' has no target column (num or target) to announce its coding: state it (coding=uci or coding=kaggle)"));
            return new CsvLayout(coding, columns, true, inputName);
        }
        HeartCsvCoding coding = HeartCsvCoding.stated(stated);
        if (announced.isPresent() && announced.get() != coding) {
            throw new InvalidRecordException("CSV coding stated as " + coding.name().toLowerCase()
                    + " but the header row is that of " + announced.get().name().toLowerCase());
        }
        return new CsvLayout(coding, columns, true, inputName);
    }

    private static Optional<HeartCsvCoding> announced(List<String> columns) {
        List<HeartCsvCoding> candidates = java.util.Arrays.stream(HeartCsvCoding.values())
                .filter(c -> columns.contains(c.targetColumn())).toList();
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    /** Maps one row. camel-csv hands a list of rows; a single line gives one row. */
    public ClinicalRecord toRecord(@Body List<List<String>> rows,
                                   @ExchangeProperty(Names.Property.SOURCE) String source,
                                   @ExchangeProperty(Names.Property.CSV_CODING) CsvLayout layout) {
        if (rows == null || rows.size() != 1) {
            throw new InvalidRecordException("expected one CSV row, got " + (rows == null ? 0 : rows.size()));
        }
        limits.requireCsvLine(rows.get(0).stream().mapToInt(field -> field == null ? 0 : field.length() + 1).sum());
        CsvFields row = new CsvFields(layout.columns(), rows.get(0), missingValues.forLayout(layout));
        String patient = layout.patientColumn().map(column -> row.values(List.of(column)).get(column))
                .filter(value -> value != null && !value.isBlank()).map(String::strip)
                .map(value -> value.contains("/") ? value : "Patient/" + value).orElse(null);
        return new ClinicalRecord(RecordIds.fromSource(source), source, patient, null, null, null,
                layout.coding().decode(row), null, null, "final", null, null, row.absentAsSent(),
                row.values(layout.extraColumns()), null, null, null);
    }

    private static String codingFolder(String relativeFileName) {
        if (relativeFileName == null || !relativeFileName.contains("/")) {
            return null;
        }
        return relativeFileName.substring(0, relativeFileName.indexOf('/'));
    }

    private static String firstLine(Object body) {
        if (body instanceof GenericFile<?> file && file.getFile() instanceof java.io.File path) {
            try (BufferedReader reader = Files.newBufferedReader(Path.of(path.getPath()), StandardCharsets.UTF_8)) {
                return reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(body);
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).replace("\r", "");
    }
}
