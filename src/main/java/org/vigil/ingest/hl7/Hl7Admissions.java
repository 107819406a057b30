package org.vigil.ingest.hl7;

import java.util.Map;
import java.util.Optional;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.util.Terser;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.PatientLocation;

/**
 * Reads the hospital's ADT feed: A01 admit, A02 transfer, A03 discharge, A04 register, A08 update
 * give the patient's current location (PV1-3: point of care, room, bed, facility). The record only
 * moves the patient; classification keeps the location in the patient's state, and later records
 * of the patient carry it.
 */
@Component("hl7Admissions")
public class Hl7Admissions {

    private static final Map<String, String> EVENTS = Map.of("A01", "admitted", "A02", "transferred", "A03", "discharged",
            "A04", "registered", "A08", "updated");

    /** The patient's new location; empty when the message names no point of care (and is no discharge). */
    public Optional<ClinicalRecord> location(@Body Hl7Input input) {
        try {
            Terser terser = new Terser(input.message());
            String patient = terser.get("/PID-3-1");
            if (patient == null || patient.isBlank()) {
                throw Hl7Refusal.error(ErrorCode.REQUIRED_FIELD_MISSING, "PID-3 (patient identifier) is empty: who moved?");
            }
            String event = EVENTS.get(input.type().substring(input.type().indexOf('^') + 1));
            String time = firstOf(terser.get("/EVN-2"), terser.get("/MSH-7"));
            if (time == null) {
                throw Hl7Refusal.error(ErrorCode.REQUIRED_FIELD_MISSING, "neither EVN-2 nor MSH-7 says when it happened");
            }
            boolean discharged = "discharged".equals(event);
            String ward = terser.get("/PV1-3-1");
            if (!discharged && (ward == null || ward.isBlank())) {
                return Optional.empty(); // a registration or update that names no point of care (only a facility, or nothing): nothing moves
            }
            PatientLocation location = new PatientLocation(discharged ? null : ward, discharged ? null : terser.get("/PV1-3-2"),
                    discharged ? null : terser.get("/PV1-3-3"), terser.get("/PV1-3-4"), event, instant(time));
            return Optional.of(ClinicalRecord.moved("HL7/" + input.sendingApplication() + "/" + input.controlId(), "hl7:" + input.controlId(),
                    "Patient/" + patient.strip(), location));
        } catch (HL7Exception e) {
            throw Hl7Refusal.error(ErrorCode.APPLICATION_INTERNAL_ERROR, input.type() + " cannot be read: " + e.getMessage());
        }
    }

    private static java.time.Instant instant(String time) {
        return Hl7Times.instant(time, "time");
    }

    private static String firstOf(String first, String second) {
        return first != null && !first.isBlank() ? first : second != null && !second.isBlank() ? second : null;
    }
}
