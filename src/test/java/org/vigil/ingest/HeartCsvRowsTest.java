package org.vigil.ingest;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.vigil.contract.Names;
import org.vigil.record.ClinicalRecord;
import org.vigil.testsupport.ShippedConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CSV inputs read by their header, in their stated or announced coding, with the shipped missing-value rules. */
class HeartCsvRowsTest {

    private static final CamelContext CAMEL = new DefaultCamelContext();

    private final HeartCsvRows rows = new HeartCsvRows(ShippedConfiguration.bind("vigil.ingest.csv.missing-values", CsvMissingValues.class));

    private static Exchange input(String text, String coding, String fileName) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setBody(text);
        if (coding != null) {
            exchange.getMessage().setHeader(Names.Header.CODING, coding);
        }
        if (fileName != null) {
            exchange.getMessage().setHeader(Exchange.FILE_NAME, fileName);
        }
        return exchange;
    }

    private ClinicalRecord row(CsvLayout layout, String line) {
        return rows.toRecord(List.of(List.of(line.split(",", -1))), "test:1", layout);
    }

    @Test
    void columnsAreMatchedByHeaderNameSoAnAddedColumnIsKeptAndAMissingTargetIsAllowed() {
        CsvLayout layout = rows.layoutOf(input("age,sex,cp,trestbps,temp,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal\n",
                null, "uci/site.csv"));
        assertThat(layout.coding()).isEqualTo(HeartCsvCoding.UCI);
        assertThat(layout.header()).isTrue();
        ClinicalRecord record = row(layout, "63,1,1,145,36.9,233,1,2,150,0,2.3,3,0,6");
        assertThat(record.heart().restingSystolicBp()).isEqualTo(145);
        assertThat(record.heart().cholesterol()).isEqualTo(233);
        assertThat(record.heart().diseasePresent()).isNull();
        assertThat(record.extra()).containsExactly(Map.entry("temp", "36.9"));
        assertThat(rows.isDataRow("age,sex", layout, 0)).isFalse();
        assertThat(rows.isDataRow("63,1", layout, 1)).isTrue();
    }

    @Test
    void zeroCholesterolOrBloodPressureInTheUciCodingAndNaNAreAbsentAndSaySo() {
        CsvLayout layout = rows.layoutOf(input("32,1,1,95,0,NaN,0,127,0,.7,1,NaN,NaN,1\n", null, "uci/processed.switzerland.data"));
        ClinicalRecord record = row(layout, "32,1,1,95,0,NaN,0,127,0,.7,1,NaN,NaN,1");
        assertThat(record.heart().cholesterol()).isNull();
        assertThat(record.heart().stDepression()).isEqualTo(0.7);
        assertThat(record.absentAsSent()).containsEntry("chol", "0").containsEntry("fbs", "NaN").containsEntry("thal", "NaN");

        // Other UCI-schema site files write 0 for a resting blood pressure not measured, too.
        ClinicalRecord noPressure = row(layout, "32,1,4,0,0,0,1,154,1,0,2,NaN,7,1");
        assertThat(noPressure.heart().restingSystolicBp()).isNull();
        assertThat(noPressure.absentAsSent()).containsEntry("trestbps", "0");

        CsvLayout kaggle = rows.layoutOf(input(HeartCsvCoding.KAGGLE.headerLine() + "\n", null, null));
        assertThatThrownBy(() -> row(kaggle, "52,1,0,125,0,0,1,168,0,1,2,2,3,0"))
                .as("not a rule of the kaggle coding: 0 is refused there").hasMessage("column 'chol' is 0, outside 50-1000");
    }

    @Test
    void theLayoutTravelsWithADeadLetterSoAReplayedRowIsReadAsItsFileWas() {
        CsvLayout layout = rows.layoutOf(input("age,sex,cp,trestbps,temp,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal\n", "uci", null));
        assertThat(CsvLayout.parse(layout.toString()).columns()).isEqualTo(layout.columns());
        assertThat(CsvLayout.parse("kaggle").columns()).isEqualTo(HeartCsvCoding.KAGGLE.columns());
    }

    @Test
    void aHeaderWithoutAStudyColumnOrAContradictingStatedCodingIsRefused() {
        assertThatThrownBy(() -> rows.layoutOf(input("age,sex,cp,trestbps,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num\n", null, null)))
                .hasMessageContaining("lacks the column(s) chol");
        assertThatThrownBy(() -> rows.layoutOf(input(HeartCsvCoding.KAGGLE.headerLine() + "\n", "uci", null)))
                .hasMessage("CSV coding stated as uci but the header row is that of kaggle");
        assertThatThrownBy(() -> rows.layoutOf(input("age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal\n", null, null)))
                .hasMessageContaining("no target column");
    }
}
