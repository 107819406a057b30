package org.vigil.ingest.hl7;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.vigil.contract.Names;
import org.vigil.record.ClinicalRecord;
import org.vigil.testsupport.Fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** HL7 v2 messages read into records (src/test/resources/hl7/), and their acknowledgements. */
class Hl7MessagesTest {

    private final Hl7Messages messages = new Hl7Messages("ISO-8859-1", 4 * 1024 * 1024);
    private final Hl7Observations observations = new Hl7Observations(Fhir.observations(), Fhir.terminology());
    private final Hl7Acks acks = new Hl7Acks(messages);

    static byte[] message(String name) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/hl7/" + name));
    }

    private static String text(String name) throws Exception {
        return new String(message(name), StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aPcd01MonitorMessageGivesTheRecordsAClinicianExpects() throws Exception {
        Hl7Input input = messages.read(message("pcd01-monitor.hl7"));
        assertThat(input.kind()).isEqualTo("oru");
        assertThat(input.controlId()).isEqualTo("PCD-0001");
        List<ClinicalRecord> records = observations.records(input);

        assertThat(records).hasSize(5).allSatisfy(r -> {
            assertThat(r.patientId()).isEqualTo("Patient/pcd-1");
            assertThat(r.effectiveTime()).hasToString("2026-12-01T09:00:00Z");
        });
        ClinicalRecord pressure = records.get(0);
        assertThat(pressure.vitals().systolicMmHg()).isEqualTo(186.0);
        assertThat(pressure.vitals().diastolicMmHg()).as("systolic and diastolic together").isEqualTo(124.0);
        assertThat(pressure.recordId()).isEqualTo("HL7/AcmeMonitor/order/CD12345/OBX/4");
        assertThat(pressure.source()).isEqualTo("hl7:PCD-0001/OBX/4");
        assertThat(pressure.device()).isEqualTo("Device/0123456789ABCDEF");
        assertThat(pressure.status()).as("OBX-11 R: not verified yet").isEqualTo("preliminary");
        assertThat(pressure.translatedFrom())
                .contains("urn:iso:std:iso:11073:10101|266016 -> mm[Hg] (equivalent, urn:vigil:ConceptMap:mdc-vital-signs)");
        assertThat(records).extracting(r -> r.vitals().spo2Percent()).contains(91.0);
        assertThat(records).extracting(r -> r.vitals().heartRatePerMin()).contains(118.0);
        assertThat(records).extracting(r -> r.vitals().respiratoryRatePerMin()).contains(23.0);
        assertThat(records).extracting(r -> r.vitals().temperatureCelsius()).contains(38.4);
    }

    @Test
    void aLoincCodedVersion23MessageIsReadIntoTheSameRecords() throws Exception {
        Hl7Input input = messages.read(message("loinc-vitals-v23.hl7"));
        assertThat(input.version()).isEqualTo("2.3");
        List<ClinicalRecord> records = observations.records(input);
        assertThat(records).hasSize(4);
        assertThat(records.get(0).vitals().systolicMmHg()).isEqualTo(132.0);
        assertThat(records.get(0).vitals().diastolicMmHg()).isEqualTo(84.0);
        assertThat(records).extracting(r -> r.vitals().temperatureCelsius()).contains(37.0);
        assertThat(records).extracting(r -> r.vitals().spo2Percent()).as("SN ^97").contains(97.0);
        assertThat(records.get(0).recordId()).isEqualTo("HL7/WARDNOTES/order/ORD-77/OBX/1");
    }

    @Test
    void anAdmissionAndATransferSayWhereThePatientIs() throws Exception {
        Hl7Admissions admissions = new Hl7Admissions();
        ClinicalRecord admitted = admissions.location(messages.read(message("adt-a01.hl7"))).orElseThrow();
        assertThat(admitted.movesPatient()).isTrue();
        assertThat(admitted.patientId()).isEqualTo("Patient/pcd-1");
        assertThat(admitted.location().ward()).isEqualTo("3 West ICU");
        assertThat(admitted.location().bed()).isEqualTo("1");
        assertThat(admitted.location().event()).isEqualTo("admitted");
        ClinicalRecord moved = admissions.location(messages.read(message("adt-a02.hl7"))).orElseThrow();
        assertThat(moved.location().ward()).isEqualTo("CCU");
        assertThat(moved.location().event()).isEqualTo("transferred");
    }

    @Test
    void theAcknowledgementIsHapisAnswerToTheMessageAndARefusalSaysWhy() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Names.Property.HL7_MESSAGE, messages.read(message("pcd01-monitor.hl7")));
        acks.accepted(exchange);
        String ack = new String(exchange.getProperty(Hl7Acks.MLLP_ACKNOWLEDGEMENT, byte[].class), StandardCharsets.ISO_8859_1);
        assertThat(ack).startsWith("MSH|^~\\&|").contains("|ACK^R01").contains("\rMSA|AA|PCD-0001");

        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, Hl7Refusal.error(ca.uhn.hl7v2.ErrorCode.DATA_TYPE_ERROR, "OBX 4: not a number"));
        acks.rejected(exchange);
        String refused = new String(exchange.getProperty(Hl7Acks.MLLP_ACKNOWLEDGEMENT, byte[].class), StandardCharsets.ISO_8859_1);
        assertThat(refused).contains("\rMSA|AE|PCD-0001").contains("\rERR|").contains("OBX 4: not a number");

        Exchange garbage = new DefaultExchange(new DefaultCamelContext());
        garbage.setProperty(Names.Property.HL7_FRAME, bytes("hello"));
        garbage.setProperty(Exchange.EXCEPTION_CAUGHT, catchThrowable(() -> messages.read(bytes("hello"))));
        acks.rejected(garbage);
        assertThat(new String(garbage.getProperty(Hl7Acks.MLLP_ACKNOWLEDGEMENT, byte[].class), StandardCharsets.ISO_8859_1))
                .contains("\rMSA|AR||").contains("does not start with an MSH segment");
    }

    @Test
    void whatKeepsAMessageFromBeingReadIsRefusedWithItsReason() throws Exception {
        String pcd = text("pcd01-monitor.hl7");
        assertThatThrownBy(() -> messages.read(bytes(pcd + pcd))).hasMessageContaining("2 messages in one MLLP frame");
        assertThatThrownBy(() -> messages.read(bytes(pcd.replace("|P|2.6|", "|P|9.1|")))).hasMessageContaining("HL7 version '9.1'");
        String utf8Declared = pcd.replace("|NE|AL|||||", "|NE|AL||UNICODE UTF-8|||").replace("Doe^John", "Doe^Jo\u00e9");
        assertThatThrownBy(() -> messages.read(bytes(utf8Declared))).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> observations.records(messages.read(bytes(pcd.replace("|186|", "|high|")))))
                .hasMessageContaining("OBX 4").hasMessageContaining("'high' is not a number");
        assertThatThrownBy(() -> observations.records(messages.read(bytes(pcd.replace("PID|||pcd-1^^^", "PID|||^^^")))))
                .hasMessageContaining("PID-3");
    }

    /** Framing as senders frame it (#25): each variant reads as the plain message does. */
    @Test
    void segmentsEndedByLfOrCrlfABomAnyFieldSeparatorTheTruncationCharacterAndOldVersionsAreRead() throws Exception {
        String pcd = text("pcd01-monitor.hl7").replace("\r\n", "\r").replace('\n', '\r');
        int readings = observations.records(messages.read(bytes(pcd))).size();
        assertThat(readings).isPositive();

        assertThat(observations.records(messages.read(bytes(pcd.replace('\r', '\n'))))).as("LF").hasSize(readings);
        assertThat(observations.records(messages.read(bytes(pcd.replace("\r", "\r\n"))))).as("CRLF").hasSize(readings);
        assertThat(observations.records(messages.read(bytes("\u00ef\u00bb\u00bf" + pcd)))).as("UTF-8 BOM").hasSize(readings);
        assertThat(observations.records(messages.read(bytes("\r\n" + pcd + "\r\n\r\n")))).as("blank lines around").hasSize(readings);
        String truncation = pcd.replace("MSH|^~\\&|", "MSH|^~\\&#|");
        assertThat(truncation).isNotEqualTo(pcd);
        Hl7Input v27 = messages.read(bytes(truncation));
        assertThat(observations.records(v27)).as("MSH-2 with the truncation character").hasSize(readings);
        Exchange answered = new DefaultExchange(new DefaultCamelContext());
        answered.setProperty(Names.Property.HL7_MESSAGE, v27);
        acks.accepted(answered);
        assertThat(new String(answered.getProperty(Hl7Acks.MLLP_ACKNOWLEDGEMENT, byte[].class), StandardCharsets.ISO_8859_1))
                .as("answered, in four encoding characters").startsWith("MSH|^~\\&|").contains("\rMSA|AA|PCD-0001");
        assertThat(observations.records(messages.read(bytes(pcd.replace("MSH|^~\\&|", "MSH|^~\\\\&|")))))
                .as("MSH-2 with its backslash escaped twice").hasSize(readings);
        assertThat(observations.records(messages.read(bytes(pcd.replace('|', '#'))))).as("field separator #").hasSize(readings);
        Hl7Input old = messages.read(bytes(pcd.replace("|P|2.6|", "|P|2.1 |")));
        assertThat(old.version()).isEqualTo("2.1");
        assertThat(observations.records(old)).as("version 2.1, trailing space").hasSize(readings);
        assertThatThrownBy(() -> messages.read(bytes(pcd.replace("MSH|", "MSHA")))).hasMessageContaining("MSH-1");
    }

    /** A valid message that gives no reading is not refused: a lab result, an ADT without a point of care (#25). */
    @Test
    void labResultsAndAdtWithoutAPointOfCareGiveNoRecordAndAreNotRefused() throws Exception {
        String lab = "MSH|^~\\&|LIS|LAB|VIGIL|HOSP|20261207080000||ORU^R01|LAB-1|P|2.5.1\r"
                + "PID|1||777^^^HOSP^MR||Doe^Jane\r"
                + "OBR|1||L1|24323-8^Comprehensive metabolic panel^LN|||20261207075500\r"
                + "OBX|1|NM|2345-7^Glucose^LN||^182|mg/dL|70-99|H|||F\r"
                + "OBX|2|SN|2160-0^Creatinine^LN||<^0.5|mg/dL|||||F\r"
                + "OBX|3|NM|718-7^Hemoglobin^LN|||g/dL|||||I\r";
        assertThat(observations.records(messages.read(bytes(lab)))).as("a lab panel, a comparison, a pending value: none read, none wrong")
                .isEmpty();
        String update = "MSH|^~\\&|ADT|HOSP|VIGIL|HOSP|20261207080000||ADT^A08|ADT-1|P|2.5.1\r"
                + "EVN|A08|20261207080000\r" + "PID|1||777^^^HOSP^MR||Doe^Jane\r" + "PV1|1|E|^^^HOSP\r";
        assertThat(new Hl7Admissions().location(messages.read(bytes(update)))).as("only a facility: nothing moves").isEmpty();
    }
}
