package org.vigil.ingest;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Reads named, typed values from one CSV row, refusing anything that is not what the column
 * holds, with a reason that names the column. UCI's '?' reads as absent (null), never as 0.
 */
final class CsvFields {

    private static final String MISSING = "?";

    private final List<String> columns;
    private final List<String> fields;

    CsvFields(List<String> columns, List<String> fields) {
        if (fields.size() != columns.size()) {
            throw new InvalidRecordException("row has " + fields.size() + " columns, expected "
                    + columns.size() + " (" + String.join(",", columns) + ")");
        }
        this.columns = columns;
        this.fields = fields;
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
        String text = fields.get(index).strip();
        if (MISSING.equals(text)) {
            return null;
        }
        if (text.isEmpty()) {
            throw new InvalidRecordException("column '" + column + "' is empty");
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("column '" + column + "' is '" + text + "', not a number");
        }
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
