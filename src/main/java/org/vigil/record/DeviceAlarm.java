package org.vigil.record;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A device's own alarm, as a bedside monitor, ventilator or pump reports it (IHE PCD-04 Report
 * Alert, ORU^R40): what happened (the event), about what (the source: a measurement with its value
 * and limits, or a part of the device), how urgent the device says it is, and where the alarm is in
 * its life (phase and state). The device runs the alarm; Vigil follows it.
 *
 * @param alarmId the reporter's identifier of this alarm instance (OBR-29's filler part once the
 *                alarm has started, else OBR-3), the same on its start, continuation and end
 */
public record DeviceAlarm(
        @JsonPropertyDescription("the reporter's identifier of this alarm instance (PCD-04 OBR-29's filler part, else OBR-3)")
        String alarmId,
        @JsonPropertyDescription("the event as coded by the device, e.g. MDC_EVT_ECG_TACHY (IEEE 11073 reference id, else the code)")
        String event,
        @JsonPropertyDescription("the event's text for people, as the device gives it (e.g. \"Battery Empty\"), else derived from its code")
        String text,
        @JsonPropertyDescription("physiological (about the patient), technical (about the device) or advisory")
        Kind kind,
        @JsonPropertyDescription("the device's priority: high, medium, low or none")
        Priority priority,
        @JsonPropertyDescription("where the alarm is in its life, as sent: start, start_only, continue, update, escalate, deescalate, "
                + "present, tpoint, end, stop, reset, inactivate, acknowledged")
        String phase,
        @JsonPropertyDescription("the alarm's state on the device: active, latched (held after the condition cleared) or inactive")
        String state,
        @JsonPropertyDescription("the device's inactivation state(s): enabled, audio-paused, audio-off, alarm-paused, alarm-off, acknowledged")
        List<String> inactivation,
        @JsonPropertyDescription("what the alarm is about: the measurement (with its value and the limits it crossed) or the part of the device")
        Source source) {

    /** Phases after which the device sends nothing more of the alarm: it is over. */
    private static final Set<String> ENDED = Set.of("end", "stop", "reset");

    public DeviceAlarm {
        inactivation = inactivation == null || inactivation.isEmpty() ? null : List.copyOf(inactivation);
    }

    /**
     * @param code   the measurement's or part's code, e.g. MDC_ECG_CARD_BEAT_RATE
     * @param value  the measured value when the alarm is about a measurement
     * @param limits the alarm limits as the device states them (OBX-7), e.g. "50-120" or ">140"
     */
    public record Source(
            @JsonPropertyDescription("the measurement's or part's code, e.g. MDC_ECG_CARD_BEAT_RATE") String code,
            @JsonPropertyDescription("the measured value, when the alarm is about a measurement") Double value,
            @JsonPropertyDescription("the value's unit as sent") String unit,
            @JsonPropertyDescription("the alarm limits as the device states them, e.g. 50-120 or >140") String limits) {
    }

    /** PCD-04 alert type (MDC_ATTR_ALERT_TYPE): SP, ST, SA. */
    public enum Kind {
        PHYSIOLOGICAL("SP"),
        TECHNICAL("ST"),
        ADVISORY("SA");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /** As written: physiological, technical, advisory. */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind a PCD-04 code names, or null. */
        public static Kind ofCode(String code) {
            for (Kind kind : values()) {
                if (kind.code.equalsIgnoreCase(code == null ? "" : code.strip())) {
                    return kind;
                }
            }
            return null;
        }
    }

    /** PCD-04 alarm priority (MDC_ATTR_ALARM_PRIORITY): PH, PM, PL, PN. */
    public enum Priority {
        NONE("PN"),
        LOW("PL"),
        MEDIUM("PM"),
        HIGH("PH");

        private final String code;

        Priority(String code) {
            this.code = code;
        }

        /** The priority a PCD-04 code names, or null. */
        public static Priority ofCode(String code) {
            for (Priority priority : values()) {
                if (priority.code.equalsIgnoreCase(code == null ? "" : code.strip())) {
                    return priority;
                }
            }
            return null;
        }

        /** As written: none, low, medium, high. */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the device still holds the alarm: not ended (end, stop, reset) and not inactive. */
    @JsonIgnore
    public boolean sounding() {
        return !"inactive".equalsIgnoreCase(state) && (phase == null || !ENDED.contains(phase.toLowerCase(Locale.ROOT)));
    }

    /**
     * Which alarm of the patient this is, across its messages: the event and what it is about
     * (one monitor raises one "heart rate high" at a time; another part raises its own).
     */
    @JsonIgnore
    public String condition() {
        return "device-alarm:" + event + (source != null && source.code() != null ? "@" + source.code() : "");
    }
}
