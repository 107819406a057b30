package org.vigil.ingest.hl7;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.DeviceAlarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Devices' alarms (IHE PCD-04, ORU^R40) read into records: the NIST test tool's two published
 * alarms (src/test/resources/hl7-corpus/), and an alarm's life as PCD TF-2 describes it (start with
 * OBR-3, then continue and end naming it in OBR-29), the event in OBX-3 with its text in OBX-5,
 * priority and type in the event's OBX-8 (deprecated, still sent).
 */
class Hl7AlarmsTest {

    private final Hl7Messages messages = new Hl7Messages("ISO-8859-1", 4 * 1024 * 1024);
    private final Hl7Alarms alarms = new Hl7Alarms(messages);

    private Optional<ClinicalRecord> read(byte[] frame) {
        Hl7Input input = messages.read(frame);
        assertThat(input.kind()).isEqualTo("alarm");
        return alarms.alarm(input);
    }

    private static byte[] corpus(String name) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/hl7-corpus/" + name));
    }

    /** A monitor's SpO2-low alarm in one phase: the event in OBX-3, OBR-29 naming the alarm after its start. */
    private static byte[] spo2Low(String controlId, String phase, String state, String priority, String parent) {
        String text = String.join("\r",
                "MSH|^~\\&|WardGateway|ICU|VIGIL|HOSP|20261207101500||ORU^R40^ORU_R01|" + controlId + "|P|2.6|||AL|NE||UNICODE UTF-8|||"
                        + "IHE_PCD_ACM_001^IHE PCD^1.3.6.1.4.1.19376.1.6.4.4^ISO",
                "PID|||alarm-7^^^HOSP^MR||Doe^Jane",
                "PV1||I|4B^12^1",
                "OBR|1|P-" + controlId + "|SPO2LOW-42^WardGateway|196616^MDC_EVT_ALARM^MDC|||20261207101500|||||||||||||||||||||"
                        + (parent == null ? "" : "^" + parent + "&WardGateway"),
                "OBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X|||||||MON-7^^0012345^EUI-64",
                "OBX|2|ST|196674^MDC_EVT_LO^MDC|1.2.1.150456.1|Low SpO2|||L~" + priority + "~SP|||F|||20261207101458",
                "OBX|3|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.2.1.150456.2|84|262688^MDC_DIM_PERCENT^MDC|90-100||||F",
                "OBX|4|ST|68481^MDC_ATTR_EVENT_PHASE^MDC|1.2.1.150456.3|" + phase + "||||||F",
                "OBX|5|ST|68482^MDC_ATTR_ALARM_STATE^MDC|1.2.1.150456.4|" + state + "||||||F",
                "OBX|6|ST|68483^MDC_ATTR_ALARM_INACTIVATION_STATE^MDC|1.2.1.150456.5|audio-paused~alert-acknowledged||||||F") + "\r";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theNistEcgTachycardiaAlarmIsOneHighPriorityPhysiologicalAlarmAboutTheHeartRate() throws Exception {
        ClinicalRecord record = read(corpus("04-nist-pcd04-ecg-tachy-alarm.hl7")).orElseThrow();

        assertThat(record.alarms()).as("only the alarm: no reading").isTrue();
        assertThat(record.patientId()).isEqualTo("Patient/1283464288");
        assertThat(record.effectiveTime()).as("OBX-14 of the event").hasToString("2017-11-16T20:44:12Z");
        DeviceAlarm alarm = record.alarm();
        assertThat(alarm.event()).isEqualTo("MDC_EVT_ECG_TACHY");
        assertThat(alarm.kind()).isEqualTo(DeviceAlarm.Kind.PHYSIOLOGICAL);
        assertThat(alarm.priority()).isEqualTo(DeviceAlarm.Priority.HIGH);
        assertThat(alarm.phase()).isEqualTo("start");
        assertThat(alarm.state()).isEqualTo("active");
        assertThat(alarm.inactivation()).containsExactly("enabled");
        assertThat(alarm.source()).isEqualTo(new DeviceAlarm.Source("MDC_ECG_CARD_BEAT_RATE", 180.0, "/min", ">140"));
        assertThat(alarm.alarmId()).as("OBR-3 of the first message").isEqualTo("3C1A5720171116204412");
        assertThat(alarm.sounding()).isTrue();
        assertThat(alarm.condition()).isEqualTo("device-alarm:MDC_EVT_ECG_TACHY@MDC_ECG_CARD_BEAT_RATE");
    }

    @Test
    void theNistPumpBatteryAlarmIsATechnicalAlarmAboutThePumpWithItsOwnWords() throws Exception {
        ClinicalRecord record = read(corpus("05-nist-pcd04-pump-battery-alarm.hl7")).orElseThrow();

        DeviceAlarm alarm = record.alarm();
        assertThat(alarm.event()).isEqualTo("MDC_EVT_BATT_DEPL");
        assertThat(alarm.text()).as("CWE original text").isEqualTo("Battery Empty");
        assertThat(alarm.kind()).isEqualTo(DeviceAlarm.Kind.TECHNICAL);
        assertThat(alarm.priority()).isEqualTo(DeviceAlarm.Priority.NONE);
        assertThat(alarm.source()).as("68480 MDC_ATTR_ALERT_SOURCE: the pump itself")
                .isEqualTo(new DeviceAlarm.Source("MDC_DEV_PUMP_INFUS_LVP_MDS", null, null, null));
        assertThat(alarm.alarmId()).isEqualTo("E0001_23_2");
        assertThat(record.device()).isEqualTo("Device/I0001");
        assertThat(record.effectiveTime()).hasToString("2018-01-18T15:39:06Z");
    }

    @Test
    void anAlarmsStartContinuationAndEndAreOneAlarmThatEnds() {
        ClinicalRecord start = read(spo2Low("A-1", "start", "active", "PM", null)).orElseThrow();
        ClinicalRecord again = read(spo2Low("A-2", "continue", "active", "PH", "SPO2LOW-42")).orElseThrow();
        ClinicalRecord end = read(spo2Low("A-3", "end", "inactive", "PH", "SPO2LOW-42")).orElseThrow();

        assertThat(List.of(start, again, end)).extracting(r -> r.alarm().alarmId()).containsOnly("SPO2LOW-42");
        assertThat(List.of(start, again, end)).extracting(r -> r.alarm().condition()).containsOnly("device-alarm:MDC_EVT_LO@MDC_PULS_OXIM_SAT_O2");
        assertThat(start.alarm().text()).as("an ST event's words").isEqualTo("Low SpO2");
        assertThat(start.alarm().priority()).as("from the event's OBX-8, no priority OBX").isEqualTo(DeviceAlarm.Priority.MEDIUM);
        assertThat(again.alarm().priority()).isEqualTo(DeviceAlarm.Priority.HIGH);
        assertThat(start.alarm().kind()).isEqualTo(DeviceAlarm.Kind.PHYSIOLOGICAL);
        assertThat(start.alarm().source()).isEqualTo(new DeviceAlarm.Source("MDC_PULS_OXIM_SAT_O2", 84.0, "MDC_DIM_PERCENT", "90-100"));
        assertThat(start.alarm().inactivation()).containsExactly("audio-paused", "alert-acknowledged");
        assertThat(start.effectiveTime()).hasToString("2026-12-07T10:14:58Z");
        assertThat(start.alarm().sounding()).isTrue();
        assertThat(again.alarm().sounding()).isTrue();
        assertThat(end.alarm().sounding()).isFalse();
        assertThat(List.of(start.recordId(), again.recordId(), end.recordId())).as("one record per phase").doesNotHaveDuplicates();
        assertThat(read(spo2Low("A-9", "continue", "active", "PH", "SPO2LOW-42")).orElseThrow().recordId())
                .as("a message sent again (new MSH-10) is the same record").isEqualTo(again.recordId());
    }

    @Test
    void anAlarmWithoutAPatientIsNotUsedAndOneWithoutAnEventIsRefused() {
        String withoutPatient = new String(spo2Low("B-1", "start", "active", "PH", null), StandardCharsets.UTF_8)
                .replace("PID|||alarm-7^^^HOSP^MR", "PID|||");
        assertThat(read(withoutPatient.getBytes(StandardCharsets.UTF_8))).isEmpty();

        String withoutEvent = new String(spo2Low("B-2", "start", "active", "PH", null), StandardCharsets.UTF_8)
                .replace("196674^MDC_EVT_LO^MDC", "150456^MDC_PULS_OXIM_SAT_O2^MDC");
        Throwable refused = catchThrowable(() -> read(withoutEvent.getBytes(StandardCharsets.UTF_8)));
        assertThat(refused).isInstanceOf(Hl7Refusal.class).hasMessageContaining("no OBX identifies an event");

        String withoutPhaseOrState = new String(spo2Low("B-3", "start", "active", "PH", null), StandardCharsets.UTF_8)
                .replace("68481^MDC_ATTR_EVENT_PHASE^MDC|1.2.1.150456.3|start", "0^MDCX_NOTE^MDC|1.2.1.150456.8|x")
                .replace("68482^MDC_ATTR_ALARM_STATE^MDC|1.2.1.150456.4|active", "0^MDCX_NOTE^MDC|1.2.1.150456.9|y");
        assertThat(catchThrowable(() -> read(withoutPhaseOrState.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(Hl7Refusal.class).hasMessageContaining("neither its phase");
    }
}
