package org.vigil.ingest;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeartCsvRowsTest {

    private final HeartCsvRows rows = new HeartCsvRows();

    private static List<List<String>> row(String line) {
        return List.of(List.of(line.split(",", -1)));
    }

    @Test
    void mapsAllFourteenColumnsAsNumbers() {
        Map<String, Object> record = rows.toRecord(row("52,1,0,125,212,0,1,168,0,1.5,2,2,3,0"), "file:heart.csv:2");

        assertThat(record.get("source")).isEqualTo("file:heart.csv:2");
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) record.get("values");
        assertThat(values).containsOnlyKeys(HeartCsvRows.COLUMNS);
        assertThat(values.get("age")).isEqualTo(52L);
        assertThat(values.get("oldpeak")).isEqualTo(1.5);
        assertThat(values.get("target")).isEqualTo(0L);
    }

    @Test
    void readsUciDecimalsAsIntegersAndLeavesQuestionMarksAbsent() {
        Map<String, Object> record = rows.toRecord(
                row("63.0,1.0,1.0,145.0,233.0,1.0,2.0,150.0,0.0,2.3,3.0,?,6.0,0"), "file:processed.cleveland.data:1");

        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) record.get("values");
        assertThat(values.get("age")).isEqualTo(63L);
        assertThat(values.get("oldpeak")).isEqualTo(2.3);
        assertThat(values).doesNotContainKey("ca");
    }

    @Test
    void recordIdIsStableForTheSameSourceAndDiffersAcrossSources() {
        Object first = rows.toRecord(row("52,1,0,125,212,0,1,168,0,1,2,2,3,0"), "file:heart.csv:2").get("recordId");
        Object again = rows.toRecord(row("52,1,0,125,212,0,1,168,0,1,2,2,3,0"), "file:heart.csv:2").get("recordId");
        Object other = rows.toRecord(row("52,1,0,125,212,0,1,168,0,1,2,2,3,0"), "file:heart.csv:3").get("recordId");

        assertThat(first).isEqualTo(again).isNotEqualTo(other);
        assertThat((String) first).hasSize(32).matches("[0-9a-f]+");
    }

    @Test
    void refusesWrongColumnCount() {
        assertThatThrownBy(() -> rows.toRecord(row("53,1,0,140,203,1,0,155"), "file:x.csv:3"))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("row has 8 columns, expected 14");
    }

    @Test
    void refusesTextInANumericColumnNamingTheColumn() {
        assertThatThrownBy(() -> rows.toRecord(row("52,1,0,high,212,0,1,168,0,1,2,2,3,0"), "file:x.csv:3"))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("column 'trestbps' is 'high', not a number");
    }

    @Test
    void refusesAnEmptyField() {
        assertThatThrownBy(() -> rows.toRecord(row("52,1,0,125,,0,1,168,0,1,2,2,3,0"), "file:x.csv:3"))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("column 'chol' is empty");
    }

    @Test
    void headerAndBlankLinesAreNotDataRows() {
        assertThat(rows.isDataRow("age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,target")).isFalse();
        assertThat(rows.isDataRow("   ")).isFalse();
        assertThat(rows.isDataRow("52,1,0,125,212,0,1,168,0,1,2,2,3,0")).isTrue();
        assertThat(rows.isDataRow("abc,1,0")).isTrue();
    }

    @Test
    void sourceNamesFileAndOneBasedLine() {
        assertThat(rows.fileLineSource("heart.csv", 0)).isEqualTo("file:heart.csv:1");
        assertThat(rows.fileLineSource("heart.csv", 1025)).isEqualTo("file:heart.csv:1026");
    }
}
