package org.vigil.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

/**
 * A round of a simulated patient's readings as a bedside monitor sends them: one IHE PCD-01
 * ORU^R01 (HL7 v2.6), OBX coded in IEEE 11073-10101 (MDC) with MDC units, the device as EUI-64 in
 * OBX-18, the patient in PID-3, the MDS/VMD/channel hierarchy in OBX-4.
 */
final class Pcd01Messages {

    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ").withZone(ZoneOffset.UTC);

    /** LOINC of the simulator's readings to the MDC code, reference id and unit a monitor uses. */
    private record Mdc(String code, String name, String unit, String unitName) {
    }

    private static final Map<String, Mdc> MDC = Map.of(
            "8480-6", new Mdc("150021", "MDC_PRESS_BLD_NONINV_SYS", "266016", "MDC_DIM_MMHG"),
            "8462-4", new Mdc("150022", "MDC_PRESS_BLD_NONINV_DIA", "266016", "MDC_DIM_MMHG"),
            "8867-4", new Mdc("149530", "MDC_PULS_OXIM_PULS_RATE", "264864", "MDC_DIM_BEAT_PER_MIN"),
            "9279-1", new Mdc("151562", "MDC_RESP_RATE", "264928", "MDC_DIM_RESP_PER_MIN"),
            "59408-5", new Mdc("150456", "MDC_PULS_OXIM_SAT_O2", "262688", "MDC_DIM_PERCENT"),
            "8310-5", new Mdc("150364", "MDC_TEMP_BODY", "268192", "MDC_DIM_DEGC"));

    private Pcd01Messages() {
    }

    static String oru(String controlId, String patientId, String device, Instant time, List<Observation> readings) {
        String at = HL7_TIME.format(time);
        String patient = patientId.substring(patientId.indexOf('/') + 1);
        String eui64 = device.substring(device.indexOf('/') + 1);
        StringBuilder message = new StringBuilder()
                .append("MSH|^~\\&|VigilSimulator^").append(eui64).append("^EUI-64||||").append(at)
                .append("||ORU^R01^ORU_R01|").append(controlId).append("|P|2.6|||NE|AL||UNICODE UTF-8|||IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO\r")
                .append("PID|||").append(patient).append("^^^VigilSimulator^PI\r")
                .append("OBR|1|").append(controlId).append("^VigilSimulator|").append(controlId)
                .append("^VigilSimulator|182777000^monitoring of patient^SCT|||").append(at).append("\r")
                .append("OBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X|||||||").append(eui64).append("^EUI-64\r");
        int set = 2;
        int channel = 1;
        for (Observation reading : readings) {
            if (reading.hasComponent()) {
                int metric = 1;
                for (Observation.ObservationComponentComponent component : reading.getComponent()) {
                    set = obx(message, set, "1." + channel + ".1." + metric++, MDC.get(component.getCode().getCodingFirstRep().getCode()),
                            (Quantity) component.getValue(), at, eui64);
                }
            } else {
                set = obx(message, set, "1." + channel + ".1.1", MDC.get(reading.getCode().getCodingFirstRep().getCode()),
                        (Quantity) reading.getValue(), at, eui64);
            }
            channel++;
        }
        return message.toString();
    }

    private static int obx(StringBuilder message, int set, String subId, Mdc mdc, Quantity value, String at, String eui64) {
        message.append("OBX|").append(set).append("|NM|").append(mdc.code()).append('^').append(mdc.name()).append("^MDC|")
                .append(subId).append('|').append(value.getValue().toPlainString()).append('|').append(mdc.unit()).append('^')
                .append(mdc.unitName()).append("^MDC|||||F|||").append(at).append("||||").append(eui64).append("^EUI-64\r");
        return set + 1;
    }

    /** An ADT^A01 admitting the patient to a ward and bed, as a hospital's ADT feed sends it (HL7 v2.5.1). */
    static String admission(String controlId, String patientId, String ward, String bed, Instant time) {
        String at = HL7_TIME.format(time);
        String patient = patientId.substring(patientId.indexOf('/') + 1);
        return "MSH|^~\\&|VigilSimulator|WARD||VIGIL|" + at + "||ADT^A01^ADT_A01|" + controlId + "|P|2.5.1\r"
                + "EVN|A01|" + at + "\r"
                + "PID|1||" + patient + "^^^VigilSimulator^PI||Simulated^Patient\r"
                + "PV1|1|I|" + ward + "^" + bed + "^A\r";
    }
}
