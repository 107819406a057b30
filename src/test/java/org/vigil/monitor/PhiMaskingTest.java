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
    void namesInFreeTextAreMasked() {
        assertThat(PhiMasking.mask("Unable to parse field value Doe^Jane^A^^Dr for XPN")).isEqualTo("Unable to parse field value *** for XPN");
        assertThat(PhiMasking.mask("cannot read MÜLLER^JOSÉ^Ñ, refused")).isEqualTo("cannot read ***, refused");
        assertThat(PhiMasking.mask("HumanName[family=Doe, given=Jane]")).isEqualTo("HumanName[family=***, given=***]");
        assertThat(PhiMasking.mask("no match for patient name 'Jane Doe' in ward 4B")).isEqualTo("no match for patient name *** in ward 4B");
        assertThat(PhiMasking.mask("name: BEEBLEBROX, ZAPHOD; age 42")).isEqualTo("name: ***; age 42");
        assertThat(PhiMasking.mask("a patient named Huckleberry Finn")).isEqualTo("a patient named ***");
        assertThat(PhiMasking.mask("{\"name\":[{\"family\":\"Kreiger\",\"given\":[\"Clemente\", \"Jo\"]}]}"))
                .isEqualTo("{\"name\":[{\"family\":\"***\",\"given\":[\"***\"]}]}");
    }

    @Test
    void whatIsNotAboutAPatientStays() {
        String line = "Batch not done; vigil.records-2 rewound to offset 1042 to read it again (3 partitions, 500 records, 1.5 s)";
        assertThat(PhiMasking.mask(line)).isEqualTo(line);
        assertThat(PhiMasking.mask("Started store-fanout (kafka://vigil.classified)")).isEqualTo("Started store-fanout (kafka://vigil.classified)");
        assertThat(PhiMasking.mask("ORU^R01 from GW: 150456^MDC_PULS_OXIM_SAT_O2^MDC, 8867-4^Heart rate^LN, mmHg^mmHg^UCUM"))
                .isEqualTo("ORU^R01 from GW: 150456^MDC_PULS_OXIM_SAT_O2^MDC, 8867-4^Heart rate^LN, mmHg^mmHg^UCUM");
        assertThat(PhiMasking.mask("Bean with name 'alertEngine' created; route name=store-fanout")).isEqualTo(
                "Bean with name 'alertEngine' created; route name=store-fanout");
        assertThat(PhiMasking.mask(null)).isNull();
    }
}
