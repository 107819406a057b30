package org.vigil.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A bedside monitor's own alarms as IHE PCD-04 Report Alert messages (ORU^R40, HL7 v2.6), the
 * facets as PCD TF-2 B.8.5 lays them out: the event (MDC_EVT_ALARM with the event in OBX-5), the
 * measurement with its value and limits, phase, state, inactivation state, priority and type. The
 * alarm's first message names it in OBR-3; the ones that follow name it in OBR-29.
 */
public final class Pcd04Messages {

    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ").withZone(ZoneOffset.UTC);

    /**
     * One phase of a physiological alarm about a measurement.
     *
     * @param event    the MDC event, e.g. {@code 196674^MDC_EVT_LO}
     * @param text     the monitor's words, e.g. "SpO2 low"
     * @param measured the MDC measurement, e.g. {@code 150456^MDC_PULS_OXIM_SAT_O2}
     * @param unit     the MDC unit, e.g. {@code 262688^MDC_DIM_PERCENT}
     * @param priority PH, PM, PL or PN
     * @param phase    start, continue, end...
     * @param state    active, latched, inactive
     */
    public record Alarm(String alarmId, String event, String text, String measured, String value, String unit, String limits,
                        String priority, String phase, String state) {

        /** The same alarm in another phase and state (continue, end...). */
        public Alarm in(String nextPhase, String nextState) {
            return new Alarm(alarmId, event, text, measured, value, unit, limits, priority, nextPhase, nextState);
        }
    }

    private Pcd04Messages() {
    }

    public static String alarm(String controlId, String patientId, String device, Alarm alarm, Instant time) {
        String at = HL7_TIME.format(time);
        String patient = patientId.substring(patientId.indexOf('/') + 1);
        boolean first = "start".equals(alarm.phase()) || "start_only".equals(alarm.phase());
        String sub = "1.1.1.1.";
        return "MSH|^~\\&|VigilSimulator|WARD||VIGIL|" + at + "||ORU^R40^ORU_R40|" + controlId + "|P|2.6|||AL|NE|||||"
                + "IHE_PCD_ACM_001^IHE PCD^1.3.6.1.4.1.19376.1.6.4.4^ISO\r"
                + "PID|1||" + patient + "^^^VigilSimulator^PI||Simulated^Patient\r"
                + "OBR|1|" + controlId + "^VigilSimulator|" + alarm.alarmId() + "^VigilSimulator|196616^MDC_EVT_ALARM^MDC|||" + at
                + "||||||||||||||||||||||" + (first ? "" : "^" + alarm.alarmId() + "&VigilSimulator") + "\r"
                + "OBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X|||||||" + device + "^EUI-64\r"
                + "OBX|2|CWE|196616^MDC_EVT_ALARM^MDC|" + sub + "1|" + alarm.event() + "^MDC^^^^^^" + alarm.text() + "||||||F|||" + at + "\r"
                + "OBX|3|NM|" + alarm.measured() + "^MDC|" + sub + "2|" + alarm.value() + "|" + alarm.unit() + "^MDC|" + alarm.limits()
                + "||||F\r"
                + "OBX|4|ST|68481^MDC_ATTR_EVENT_PHASE^MDC|" + sub + "3|" + alarm.phase() + "||||||F\r"
                + "OBX|5|ST|68482^MDC_ATTR_ALARM_STATE^MDC|" + sub + "4|" + alarm.state() + "||||||F\r"
                + "OBX|6|ST|68483^MDC_ATTR_ALARM_INACTIVATION_STATE^MDC|" + sub + "5|enabled||||||F\r"
                + "OBX|7|ST|68484^MDC_ATTR_ALARM_PRIORITY^MDC|" + sub + "6|" + alarm.priority() + "||||||F\r"
                + "OBX|8|ST|68485^MDC_ATTR_ALERT_TYPE^MDC|" + sub + "7|SP||||||F\r";
    }
}
