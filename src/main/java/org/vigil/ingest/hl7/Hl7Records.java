package org.vigil.ingest.hl7;

import java.util.List;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import org.vigil.ingest.NotUsed;
import org.vigil.ingest.NotUsedInputs;
import org.vigil.record.ClinicalRecord;

/**
 * The records of one HL7 v2 message, whatever its type: an ORU^R01's readings
 * ({@link Hl7Observations}), an ORU^R40's device alarm ({@link Hl7Alarms}), an ADT's move
 * ({@link Hl7Admissions}). A valid message that gives none
 * (a lab result, a report, an ADT update without a point of care, a type Vigil does not read) is
 * not used: counted per type and reason ({@code HL7:<type>}), answered AA with the reason, never
 * dead-lettered. Only what is wrong is refused.
 */
@Component("hl7Records")
public class Hl7Records {

    /** What Vigil reads, for the not-used reason of everything else. */
    static final String READS = "ORU^R01, ORU^R40 (device alarms) and ADT^A01/A02/A03/A04/A08";

    private final Hl7Observations observations;
    private final Hl7Admissions admissions;
    private final Hl7Alarms alarms;
    private final NotUsedInputs notUsed;

    public Hl7Records(Hl7Observations observations, Hl7Admissions admissions, Hl7Alarms alarms, NotUsedInputs notUsed) {
        this.observations = observations;
        this.alarms = alarms;
        this.admissions = admissions;
        this.notUsed = notUsed;
    }

    public List<ClinicalRecord> of(@Body Hl7Input input, Exchange exchange) {
        return switch (input.kind()) {
            case "oru" -> used(observations.records(input), input,
                    "no OBX with a vital sign Vigil reads (lab results, reports and device settings are not used)", exchange);
            case "alarm" -> used(alarms.alarm(input).map(List::of).orElse(List.of()), input,
                    "an alarm of a device no patient is associated with (PID-3 empty)", exchange);
            case "adt" -> used(admissions.location(input).map(List::of).orElse(List.of()), input,
                    "no point of care in PV1-3: no location to update", exchange);
            default -> used(List.of(), input, "message type " + input.type() + " is not used by Vigil (it reads " + READS + ")", exchange);
        };
    }

    private List<ClinicalRecord> used(List<ClinicalRecord> records, Hl7Input input, String otherwise, Exchange exchange) {
        if (records.isEmpty()) {
            notUsed.count(new NotUsed("HL7:" + input.type(), otherwise), exchange);
        }
        return records;
    }
}
