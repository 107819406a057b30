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
 * swap chest-pain types and invert the diagnosis.
 */
@Component("heartCsvRows")
public class HeartCsvRows {

    /** False for header rows and blank lines, which carry no measurement. */
    public boolean isDataRow(@Body String line) {
        String trimmed = line.strip();
        return !trimmed.isEmpty() && !trimmed.toLowerCase(java.util.Locale.ROOT).startsWith("age,");
    }

    /**
     * The coding of a CSV input: as stated (the {@code coding} header, or an inbox sub-folder named
     * {@code uci} or {@code kaggle}), else as announced by a header row. A stated coding that
     * contradicts the header row, or no coding at all, refuses the input.
     */
    public HeartCsvCoding codingOf(Exchange exchange) {
        String stated = exchange.getMessage().getHeader(Names.Header.CODING, String.class);
        if (stated == null) {
            stated = codingFolder(exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class));
        }
        String firstLine = firstLine(exchange.getMessage().getBody());
        if (firstLine == null || firstLine.isBlank()) {
            throw new InvalidRecordException("CSV input is empty");
        }
        Optional<HeartCsvCoding> announced = HeartCsvCoding.ofHeader(firstLine);
        if (announced.isEmpty() && isDataRow(firstLine) == false) {
            throw new InvalidRecordException("CSV header '" + firstLine.strip() + "' is neither "
                    + HeartCsvCoding.UCI.headerLine() + " nor " + HeartCsvCoding.KAGGLE.headerLine());
        }
        if (stated == null) {
            return announced.orElseThrow(() -> new InvalidRecordException(
                    "CSV coding not stated (coding=uci or coding=kaggle) and the input has no header row to announce it"));
        }
        HeartCsvCoding coding = HeartCsvCoding.stated(stated);
        if (announced.isPresent() && announced.get() != coding) {
            throw new InvalidRecordException("CSV coding stated as " + coding.name().toLowerCase()
                    + " but the header row is that of " + announced.get().name().toLowerCase());
        }
        return coding;
    }

    /** Maps one row. camel-csv hands a list of rows; a single line gives one row. */
    public ClinicalRecord toRecord(@Body List<List<String>> rows,
                                   @ExchangeProperty(Names.Property.SOURCE) String source,
                                   @ExchangeProperty(Names.Property.CSV_CODING) HeartCsvCoding coding) {
        if (rows == null || rows.size() != 1) {
            throw new InvalidRecordException("expected one CSV row, got " + (rows == null ? 0 : rows.size()));
        }
        return new ClinicalRecord(RecordIds.fromSource(source), source, null, null, null, null,
                coding.decode(rows.get(0)), null);
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
        return end < 0 ? text : text.substring(0, end);
    }
}
