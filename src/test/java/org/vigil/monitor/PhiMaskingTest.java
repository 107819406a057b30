package org.vigil.monitor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhiMaskingTest {

    @Test
    void patientReferencesAndIdentifiersAreMasked() {
        assertThat(PhiMasking.mask("Alert for Patient/sim-17 opened")).isEqualTo("Alert for Patient/*** opened");
        assertThat(PhiMasking.mask("no state for patient 0815-ab yet")).isEqualTo("no state for patient *** yet");
        assertThat(PhiMasking.mask("patientId=MRN12345, ward 4B")).isEqualTo("patientId=***, ward 4B");
        assertThat(PhiMasking.mask("subject: 'f001'")).isEqualTo("subject: ***");
    }

    @Test
    void jsonValuesHl7SegmentsAndCsvRowsAreMasked() {
        assertThat(PhiMasking.mask("Cannot read {\"patientId\":\"Patient/x1\",\"vitals\":{\"systolicBp\":182,\"ok\":true}}"))
                .isEqualTo("Cannot read {\"patientId\":\"***\",\"vitals\":{\"systolicBp\":\"***\",\"ok\":\"***\"}}");
        assertThat(PhiMasking.mask("bad message MSH|^~\\&|GW|ICU\rPID|1||12345^^^HOSP^MR||Doe^Jane\rOBX|1|NM|8867-4^Heart rate^LN||72|/min"))
                .isEqualTo("bad message MSH|^~\\&|GW|ICU\rPID|***\rOBX|***");
        assertThat(PhiMasking.mask("row 63,1,3,145,233,1,0,150,0,2.3,0,0,1,1 refused")).isEqualTo("row *** refused");
        assertThat(PhiMasking.mask("uci row 67;1;4;160;286;0;2;108;1;1.5;2;3;3;2")).isEqualTo("uci row ***");
    }

    @Test
    void hl7SegmentsAreMaskedWhateverTheSeparatorAndAsCamelMllpWritesThem() {
        assertThat(PhiMasking.mask("MSH#^~\\&#GW#ICU#VIGIL##20261207##ORU^R01#1#P#2.6\rPID#1##MRN-4711^^^HOSP^MR##Doe^Jane\rZPI#secret 4711"))
                .isEqualTo("MSH#^~\\&#GW#ICU#VIGIL##20261207##ORU^R01#1#P#2.6\rPID#***\rZPI#***");
        assertThat(PhiMasking.mask("Partial 80 byte payload received <0x0B VT>MSH$^~\\&$GW<0x0D CR>PID$1$$MRN-4711$$Doe^Jane<0x0D CR>ZXX$x 1"))
                .isEqualTo("Partial 80 byte payload received <0x0B VT>MSH$^~\\&$GW<0x0D CR>PID$***"); // PID: to the line's end
        assertThat(PhiMasking.mask("<0x0B VT>MSH$^~\\&$GW<0x0D CR>EVN$A01$20261207<0x0D CR>ZXX$x 1<0x1C FS>"))
                .isEqualTo("<0x0B VT>MSH$^~\\&$GW<0x0D CR>EVN$***<0x0D CR>ZXX$***<0x1C FS>");
        assertThat(PhiMasking.mask("no header here: PID#1##MRN-4711##Doe^Jane")).isEqualTo("no header here: PID#***");
    }

    @Test
    void whatIsNotAboutAPatientStays() {
        String line = "Batch not done; vigil.records-2 rewound to offset 1042 to read it again (3 partitions, 500 records, 1.5 s)";
        assertThat(PhiMasking.mask(line)).isEqualTo(line);
        assertThat(PhiMasking.mask("Started store-fanout (kafka://vigil.classified)")).isEqualTo("Started store-fanout (kafka://vigil.classified)");
        assertThat(PhiMasking.mask(null)).isNull();
    }
}
