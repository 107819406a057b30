package org.vigil.alert;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.vigil.record.DeviceAlarm;

/**
 * What an alert about a device's alarm (IHE PCD-04) says: its title (the device's words for the
 * event), its reason (the event, the measurement and its limits, the device's priority and kind)
 * and its values (what caregivers see beside it). The phase is not among them: a device repeating
 * its alarm ("continue") with nothing changed changes nothing. One place, so the dashboard, the notifications
 * and the views say the same.
 */
final class DeviceAlarmAlerts {

    /** The rule an alert about a device's alarm names: the device's own, not one of Vigil's rules. */
    static final String RULE = "device-alarm";

    private DeviceAlarmAlerts() {
    }

    /** The device's words for the event, else its code made readable (MDC_EVT_ECG_TACHY: "ECG tachy"). */
    static String title(DeviceAlarm alarm) {
        if (alarm.text() != null && !alarm.text().isBlank()) {
            return "Device alarm: " + alarm.text();
        }
        String event = alarm.event() == null ? "alarm" : alarm.event().replaceFirst("^MDC_EVT_", "").replace('_', ' ').toLowerCase(Locale.ROOT);
        return "Device alarm: " + event;
    }

    static String reason(DeviceAlarm alarm) {
        StringBuilder reason = new StringBuilder(alarm.text() != null ? alarm.text() : alarm.event());
        DeviceAlarm.Source source = alarm.source();
        if (source != null && source.code() != null) {
            reason.append(" (").append(source.code());
            if (source.value() != null) {
                reason.append(' ').append(number(source.value())).append(source.unit() == null ? "" : " " + source.unit());
            }
            if (source.limits() != null) {
                reason.append(", limits ").append(source.limits());
            }
            reason.append(')');
        }
        reason.append(": ").append(alarm.priority() == null ? "no" : alarm.priority().id()).append(" priority");
        if (alarm.kind() != null) {
            reason.append(' ').append(alarm.kind().id());
        }
        reason.append(" alarm");
        return reason.toString();
    }

    static Map<String, Object> values(DeviceAlarm alarm) {
        Map<String, Object> values = new LinkedHashMap<>();
        DeviceAlarm.Source source = alarm.source();
        if (source != null) {
            put(values, "alarmSource", source.code());
            put(values, "alarmValue", source.value());
            put(values, "alarmUnit", source.unit());
            put(values, "alarmLimits", source.limits());
        }
        put(values, "alarmPriority", alarm.priority() == null ? null : alarm.priority().id());
        put(values, "alarmKind", alarm.kind() == null ? null : alarm.kind().id());
        put(values, "alarmState", alarm.state());
        put(values, "alarmId", alarm.alarmId());
        return values;
    }

    private static void put(Map<String, Object> values, String name, Object value) {
        if (value != null) {
            values.put(name, value);
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
