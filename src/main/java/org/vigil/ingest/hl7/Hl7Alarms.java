package org.vigil.ingest.hl7;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v26.datatype.CWE;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.model.v26.segment.OBR;
import ca.uhn.hl7v2.model.v26.segment.OBX;
import ca.uhn.hl7v2.util.Terser;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.DeviceAlarm;

/**
 * Reads a device's alarm, IHE PCD-04 Report Alert (ORU^R40, from a monitor, ventilator or pump, or
 * the gateway that speaks for it), into a record that carries only the alarm ({@link DeviceAlarm}).
 * A PCD-04 message carries one alarm; its OBX are the alarm's facets (IHE PCD TF-2 B.8.5), found by
 * their OBX-3 code, the OBX-4 facet number where a sender's code differs:
 * <ol>
 * <li>the event: OBX-3 {@code 196616^MDC_EVT_ALARM} with the event in OBX-5 (technical and advisory
 * alarms, and some physiological ones), or the event itself in OBX-3 ({@code MDC_EVT_*}, with its
 * text in OBX-5); OBX-14 is when this phase of the alarm happened;</li>
 * <li>the source: the measurement with its value, unit and limits (OBX-5, -6, -7), or
 * {@code 68480^MDC_ATTR_ALERT_SOURCE} naming the part of the device;</li>
 * <li>phase {@code 68481}, 4. state {@code 68482}, 5. inactivation state {@code 68483},
 * 6. priority {@code 68484} (PH, PM, PL, PN), 7. type {@code 68485} (SP, ST, SA); priority and type
 * may also come in the event's OBX-8 (deprecated, still sent), the separate OBX win.</li>
 * </ol>
 * The alarm instance is OBR-29's filler part once it has started (OBR-3 on its first message).
 * An alarm without a patient (PID-3 empty: a device no patient is associated with) is not used.
 */
@Component("hl7Alarms")
public class Hl7Alarms {

    /** MDC_EVT_ALARM: the event-identification facet whose OBX-5 names the event. */
    static final String EVT_ALARM = "196616";
    static final String ALERT_SOURCE = "68480";
    static final String EVENT_PHASE = "68481";
    static final String ALARM_STATE = "68482";
    static final String INACTIVATION_STATE = "68483";
    static final String ALARM_PRIORITY = "68484";
    static final String ALERT_TYPE = "68485";
    /** Phases of an alarm's first message (OBR-3 is the alarm's id; OBR-29 is empty or repeats it). */
    private static final java.util.Set<String> FIRST_PHASES = java.util.Set.of("start", "start_only", "present", "tpoint");
    /** The MDC partition of events (3): codes 196608 to 262143. */
    private static final int EVENT_PARTITION = 3;

    private final Hl7Messages messages;

    public Hl7Alarms(Hl7Messages messages) {
        this.messages = messages;
    }

    /** The alarm's record; empty when the alarm has no patient (not used). */
    public Optional<ClinicalRecord> alarm(@Body Hl7Input input) {
        try {
            ORU_R01 oru = new ORU_R01();
            oru.setParser(messages.parser());
            oru.parse(input.message().encode()); // PCD-04's structure is ORU_R01's, whatever MSH-9-3 names
            String messageTime = new Terser(input.message()).get("/MSH-7");
            for (ORU_R01_PATIENT_RESULT result : oru.getPATIENT_RESULTAll()) {
                String patient = result.getPATIENT().getPID().getPatientIdentifierList(0).getIDNumber().getValue();
                for (ORU_R01_ORDER_OBSERVATION order : result.getORDER_OBSERVATIONAll()) {
                    Optional<Facets> facets = facets(order);
                    if (facets.isEmpty()) {
                        continue; // an OBR of evidence (a waveform), or a repeat without the alarm's facets
                    }
                    if (patient == null || patient.isBlank()) {
                        return Optional.empty();
                    }
                    return Optional.of(record(input, "Patient/" + patient.strip(), order.getOBR(), facets.get(), messageTime));
                }
            }
        } catch (HL7Exception e) {
            throw Hl7Refusal.error(ErrorCode.APPLICATION_INTERNAL_ERROR, "ORU^R40 structure cannot be read: " + e.getMessage());
        }
        throw Hl7Refusal.error(ErrorCode.REQUIRED_FIELD_MISSING,
                "ORU^R40 has no alarm: no OBX identifies an event (196616^MDC_EVT_ALARM or an MDC_EVT_ code, IHE PCD TF-2 B.8.5)");
    }

    /** The OBX of one alarm: the event and, by code or facet number, its other facets. */
    private record Facets(OBX event, OBX source, OBX phase, OBX state, OBX inactivation, OBX priority, OBX type, OBX device) {
    }

    private static Optional<Facets> facets(ORU_R01_ORDER_OBSERVATION order) throws HL7Exception {
        List<OBX> all = new ArrayList<>();
        for (ORU_R01_OBSERVATION observation : order.getOBSERVATIONAll()) {
            all.add(observation.getOBX());
        }
        OBX event = null;
        for (OBX obx : all) {
            String code = code(obx.getObservationIdentifier());
            if (EVT_ALARM.equals(code) || isEvent(code, obx.getObservationIdentifier().getText().getValue())) {
                event = obx;
                break;
            }
        }
        if (event == null) {
            return Optional.empty();
        }
        String prefix = facetPrefix(event.getObservationSubID().getValue());
        OBX source = byCode(all, ALERT_SOURCE).orElse(null);
        if (source == null && prefix != null) {
            source = all.stream().filter(obx -> (prefix + "2").equals(subId(obx))).findFirst().orElse(null);
        }
        OBX device = all.stream().filter(obx -> obx.getEquipmentInstanceIdentifierReps() > 0).findFirst().orElse(null);
        return Optional.of(new Facets(event, source, facet(all, EVENT_PHASE, prefix, 3), facet(all, ALARM_STATE, prefix, 4),
                facet(all, INACTIVATION_STATE, prefix, 5), facet(all, ALARM_PRIORITY, prefix, 6), facet(all, ALERT_TYPE, prefix, 7), device));
    }

    private ClinicalRecord record(Hl7Input input, String patient, OBR obr, Facets facets, String messageTime) throws HL7Exception {
        OBX event = facets.event();
        String eventTime = firstOf(event.getDateTimeOfTheObservation().getValue(), obr.getObservationDateTime().getValue(), messageTime);
        if (eventTime == null) {
            throw Hl7Refusal.error(ErrorCode.REQUIRED_FIELD_MISSING, "the alarm has no time (OBX-14 of its event, OBR-7 or MSH-7)");
        }
        java.time.Instant at = instant(eventTime);
        String[] flags = flags(event);
        CWE named = EVT_ALARM.equals(code(event.getObservationIdentifier())) ? cweValue(event) : event.getObservationIdentifier();
        String eventName = named == null ? null : name(named);
        if (eventName == null) {
            throw Hl7Refusal.error(ErrorCode.REQUIRED_FIELD_MISSING, "the alarm's event OBX (" + subId(event) + ") names no event in OBX-5");
        }
        String text = text(event, named);
        DeviceAlarm.Priority priority = DeviceAlarm.Priority.ofCode(stringValue(facets.priority()));
        DeviceAlarm.Kind kind = DeviceAlarm.Kind.ofCode(stringValue(facets.type()));
        for (String flag : flags) {
            priority = priority != null ? priority : DeviceAlarm.Priority.ofCode(flag);
            kind = kind != null ? kind : DeviceAlarm.Kind.ofCode(flag);
        }
        String phase = lower(stringValue(facets.phase()));
        String state = lower(stringValue(facets.state()));
        // The alarm instance: OBR-3 on the message that starts it, OBR-29's filler part (that OBR-3) on those that follow.
        String fillerOrder = obr.getFillerOrderNumber().getEntityIdentifier().getValue();
        String alarmId = FIRST_PHASES.contains(phase == null ? "" : phase)
                ? firstOf(fillerOrder, obr.getOBRParent().getFillerAssignedIdentifier().getEntityIdentifier().getValue())
                : firstOf(obr.getOBRParent().getFillerAssignedIdentifier().getEntityIdentifier().getValue(), fillerOrder);
        if (phase == null && state == null) {
            throw Hl7Refusal.error(ErrorCode.REQUIRED_FIELD_MISSING, "the alarm says neither its phase (68481^MDC_ATTR_EVENT_PHASE) nor its "
                    + "state (68482^MDC_ATTR_ALARM_STATE): Vigil cannot tell whether it started or ended");
        }
        DeviceAlarm alarm = new DeviceAlarm(alarmId, eventName, text, kind, priority == null ? DeviceAlarm.Priority.NONE : priority,
                phase, state, inactivation(facets.inactivation()), source(facets.source()));
        String device = facets.device() == null ? null
                : facets.device().getEquipmentInstanceIdentifier(0).getEntityIdentifier().getValue();
        String app = input.sendingApplication() == null || input.sendingApplication().isBlank() ? "unknown" : input.sendingApplication();
        // A re-sent alarm message has a new MSH-10: the id is the alarm, its phase and its time, so it replaces itself.
        String recordId = "HL7/" + app + "/alarm/" + (alarmId == null ? eventName : alarmId) + "/" + (phase == null ? state : phase) + "/" + at;
        return ClinicalRecord.alarm(recordId, "hl7:" + input.controlId(), patient, at,
                device == null || device.isBlank() ? null : "Device/" + device.strip(), alarm);
    }

    private static DeviceAlarm.Source source(OBX obx) throws HL7Exception {
        if (obx == null) {
            return null;
        }
        if (ALERT_SOURCE.equals(code(obx.getObservationIdentifier()))) {
            CWE part = cweValue(obx);
            return part == null ? null : new DeviceAlarm.Source(name(part), null, null, null);
        }
        Double value = null;
        String raw = stringValue(obx);
        if (raw != null) {
            try {
                value = Double.valueOf(raw.strip());
            } catch (NumberFormatException e) {
                value = null; // a text or coded source: named, without a number
            }
        }
        String unit = firstOf(obx.getUnits().getText().getValue(), obx.getUnits().getIdentifier().getValue());
        String limits = obx.getReferencesRange().getValue();
        return new DeviceAlarm.Source(name(obx.getObservationIdentifier()), value, unit, limits == null || limits.isBlank() ? null : limits.strip());
    }

    private static List<String> inactivation(OBX obx) throws HL7Exception {
        List<String> states = new ArrayList<>();
        if (obx != null) {
            for (Varies value : obx.getObservationValue()) {
                String text = primitive(value.getData());
                if (text != null && !text.isBlank()) {
                    states.add(text.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return states;
    }

    /** The event's words: CWE original text (component 9) or text, an ST event's value, an annotation after " - ". */
    private static String text(OBX event, CWE named) throws HL7Exception {
        String text = null;
        if (!EVT_ALARM.equals(code(event.getObservationIdentifier()))) {
            text = stringValue(event); // a physiological event in OBX-3, its text in OBX-5 ("Low SpO2")
        } else if (named != null) {
            text = firstOf(named.getOriginalText().getValue(), named.getText().getValue());
        }
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static boolean isEvent(String code, String refId) {
        if (refId != null && refId.strip().startsWith("MDC_EVT_")) {
            return true;
        }
        try {
            return code != null && Integer.parseInt(code) / 65536 == EVENT_PARTITION;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static OBX facet(List<OBX> all, String code, String prefix, int number) throws HL7Exception {
        Optional<OBX> byCode = byCode(all, code);
        if (byCode.isPresent() || prefix == null) {
            return byCode.orElse(null);
        }
        return all.stream().filter(obx -> (prefix + number).equals(subId(obx))).findFirst().orElse(null);
    }

    private static Optional<OBX> byCode(List<OBX> all, String code) throws HL7Exception {
        for (OBX obx : all) {
            if (code.equals(code(obx.getObservationIdentifier()))) {
                return Optional.of(obx);
            }
        }
        return Optional.empty();
    }

    /** {@code 1.5.0.1.} of an event's OBX-4 {@code 1.5.0.1.1}: its facets are {@code 1.5.0.1.2} and on. */
    private static String facetPrefix(String subId) {
        if (subId == null || !subId.strip().endsWith(".1")) {
            return null;
        }
        String id = subId.strip();
        return id.substring(0, id.length() - 1);
    }

    private static String subId(OBX obx) {
        String value = obx.getObservationSubID().getValue();
        return value == null ? "" : value.strip();
    }

    private static String[] flags(OBX obx) throws HL7Exception {
        String[] flags = new String[obx.getAbnormalFlagsReps()];
        for (int i = 0; i < flags.length; i++) {
            String flag = obx.getAbnormalFlags(i).getValue();
            flags[i] = flag == null ? "" : flag.strip();
        }
        return flags;
    }

    private static String code(CWE cwe) {
        String code = cwe.getIdentifier().getValue();
        return code == null ? null : code.strip();
    }

    /** An MDC code's reference id (MDC_EVT_ECG_TACHY) when sent, else its code. */
    private static String name(CWE cwe) {
        return firstOf(cwe.getText().getValue() != null && cwe.getText().getValue().strip().startsWith("MDC") ? cwe.getText().getValue().strip() : null,
                code(cwe), cwe.getText().getValue());
    }

    /** OBX-5 as a CWE (a coded value), or null. */
    private static CWE cweValue(OBX obx) throws HL7Exception {
        if (obx.getObservationValueReps() == 0) {
            return null;
        }
        Type data = obx.getObservationValue(0).getData();
        if (data instanceof CWE cwe) {
            return cwe;
        }
        String text = primitive(data);
        if (text == null || text.isBlank()) {
            return null;
        }
        CWE cwe = new CWE(obx.getMessage());
        cwe.parse(text.strip());
        return cwe;
    }

    /** OBX-5's first value as text (a CWE's code), or null. */
    private static String stringValue(OBX obx) throws HL7Exception {
        if (obx == null || obx.getObservationValueReps() == 0) {
            return null;
        }
        Type data = obx.getObservationValue(0).getData();
        if (data instanceof CWE cwe) {
            return firstOf(cwe.getIdentifier().getValue(), cwe.getText().getValue());
        }
        String text = primitive(data);
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String primitive(Type data) {
        if (data instanceof Primitive primitive) {
            return primitive.getValue();
        }
        if (data instanceof ca.uhn.hl7v2.model.Composite composite && composite.getComponents().length > 0
                && composite.getComponents()[0] instanceof Primitive first) {
            return first.getValue();
        }
        try {
            return data.encode();
        } catch (HL7Exception e) {
            return null;
        }
    }

    private static String lower(String value) {
        return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    private static java.time.Instant instant(String time) {
        return Hl7Times.instant(time, "alarm time");
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
