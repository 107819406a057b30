package org.vigil.ingest;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads named, typed values from one CSV row, refusing anything that is not what the column
 * holds, with a reason that names the column. UCI's '?' reads as absent (null), never as 0, and
 * so does a value the input's missing-value rules name ({@link CsvMissingValues}): that one is
 * remembered ({@link #absentAsSent()}). A column the input does not have reads as absent.
 */
final class CsvFields {

    private static final String MISSING = "?";
    /** The missing-value rule key for every column. */
    static final String ANY_COLUMN = "*";

    private final List<String> columns;
    private final List<String> fields;
    private final Map<String, Set<String>> absentValues;
    private final Map<String, String> absentAsSent = new LinkedHashMap<>();

    CsvFields(List<String> columns, List<String> fields) {
        this(columns, fields, Map.of());
    }

    CsvFields(List<String> columns, List<String> fields, Map<String, Set<String>> absentValues) {
        if (fields.size() != columns.size()) {
            throw new InvalidRecordException("row has " + fields.size() + " columns, expected "
                    + columns.size() + " (" + String.join(",", columns) + ")");
        }
        this.columns = columns;
        this.fields = fields;
        this.absentValues = absentValues;
    }

    /** The values read as absent because the input's rules say so: column to the text sent. */
    Map<String, String> absentAsSent() {
        return Map.copyOf(absentAsSent);
    }

    /** The row's values in the named columns, as sent. */
    Map<String, String> values(List<String> names) {
        Map<String, String> values = new LinkedHashMap<>();
        names.forEach(name -> values.put(name, fields.get(columns.indexOf(name)).strip()));
        return values;
    }

    Double decimal(String column, double min, double max) {
        BigDecimal value = number(column);
        if (value == null) {
            return null;
        }
        if (value.doubleValue() < min || value.doubleValue() > max) {
            throw new InvalidRecordException("column '" + column + "' is " + value.toPlainString()
                    + ", outside " + plain(min) + " to " + plain(max));
        }
        return value.doubleValue();
    }

    Integer integer(String column, int min, int max) {
        BigDecimal value = number(column);
        if (value == null) {
            return null;
        }
        int whole;
        try {
            whole = value.stripTrailingZeros().intValueExact(); // UCI writes integers as 63.0
        } catch (ArithmeticException e) {
            throw new InvalidRecordException("column '" + column + "' is " + value.toPlainString() + ", not a whole number");
        }
        if (whole < min || whole > max) {
            throw new InvalidRecordException("column '" + column + "' is " + whole + ", outside " + min + "-" + max);
        }
        return whole;
    }

    Boolean flag(String column) {
        Integer value = integer(column, 0, 1);
        return value == null ? null : value == 1;
    }

    <E> E coded(String column, Map<Integer, E> codes) {
        Integer code = integer(column, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (code == null) {
            return null;
        }
        E value = codes.get(code);
        if (value == null) {
            throw new InvalidRecordException("column '" + column + "' has code " + code + ", expected one of "
                    + new java.util.TreeSet<>(codes.keySet()));
        }
        return value;
    }

    private BigDecimal number(String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            return null; // the input has no such column (e.g. no target)
        }
        String text = fields.get(index).strip();
        if (MISSING.equals(text)) {
            return null;
        }
        if (text.isEmpty()) {
            throw new InvalidRecordException("column '" + column + "' is empty");
        }
        Set<String> absent = new java.util.HashSet<>(absentValues.getOrDefault(column, Set.of()));
        absent.addAll(absentValues.getOrDefault(ANY_COLUMN, Set.of()));
        for (String marker : absent) {
            if (marker.equalsIgnoreCase(text)) {
                absentAsSent.put(column, text);
                return null;
            }
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("column '" + column + "' is '" + text + "', not a number");
        }
        for (String marker : absent) {
            if (sameNumber(value, marker)) {
                absentAsSent.put(column, text);
                return null;
            }
        }
        return value;
    }

    private static boolean sameNumber(BigDecimal value, String text) {
        try {
            return value.compareTo(new BigDecimal(text)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
