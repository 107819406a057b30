package org.vigil.ingest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;
import org.vigil.deadletter.DeadLetters;

/**
 * Turns one row of the UCI heart-disease CSV schema (already split into fields by camel-csv) into a
 * record: the 14 columns as numbers, a stable record id and where the row came from.
 * A row that does not fit the schema is refused with a reason that names the column.
 */
@Component("heartCsvRows")
public class HeartCsvRows {

    /** Column order shared by UCI's processed.*.data and the circulating heart.csv. */
    public static final List<String> COLUMNS = List.of(
            "age", "sex", "cp", "trestbps", "chol", "fbs", "restecg",
            "thalach", "exang", "oldpeak", "slope", "ca", "thal", "target");

    /** UCI marks a missing value with '?'. */
    private static final String MISSING = "?";

    /** False for the header row and blank lines, which carry no measurement. */
    public boolean isDataRow(@Body String line) {
        String trimmed = line.strip();
        return !trimmed.isEmpty() && !trimmed.startsWith(COLUMNS.get(0) + ",");
    }

    /** Where a row came from, e.g. {@code file:heart.csv:2} (line numbers count from 1, header included). */
    public String fileLineSource(@Header(Exchange.FILE_NAME_ONLY) String fileName,
                                 @ExchangeProperty(Exchange.SPLIT_INDEX) int splitIndex) {
        return "file:" + fileName + ":" + (splitIndex + 1);
    }

    /**
     * Maps the fields of one row. camel-csv hands a list of rows; a single line gives one row.
     *
     * @param source as made by {@link #fileLineSource}; the record id is derived from it, so the
     *               same file line sent twice gets the same id
     */
    public Map<String, Object> toRecord(@Body List<List<String>> rows,
                                        @ExchangeProperty(DeadLetters.SOURCE_PROPERTY) String source) {
        if (rows == null || rows.size() != 1) {
            throw new InvalidRecordException("expected one CSV row, got " + (rows == null ? 0 : rows.size()));
        }
        List<String> fields = rows.get(0);
        if (fields.size() != COLUMNS.size()) {
            throw new InvalidRecordException("row has " + fields.size() + " columns, expected "
                    + COLUMNS.size() + " (" + String.join(",", COLUMNS) + ")");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            String column = COLUMNS.get(i);
            String text = fields.get(i).strip();
            if (MISSING.equals(text)) {
                continue; // absent, never a made-up 0
            }
            values.put(column, number(column, text));
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("recordId", recordId(source));
        record.put("source", source);
        record.put("values", values);
        return record;
    }

    private static Number number(String column, String text) {
        if (text.isEmpty()) {
            throw new InvalidRecordException("column '" + column + "' is empty");
        }
        try {
            BigDecimal value = new BigDecimal(text).stripTrailingZeros();
            return value.scale() <= 0 ? (Number) value.longValueExact() : (Number) value.doubleValue();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidRecordException("column '" + column + "' is '" + text + "', not a number");
        }
    }

    /** A hash of the source, so ids are stable across re-sends and reveal no patient data. */
    static String recordId(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
