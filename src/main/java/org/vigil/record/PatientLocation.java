package org.vigil.record;

import java.time.Instant;

/**
 * Where a patient is, as the hospital's ADT feed says (HL7 v2 PV1-3): point of care (the ward),
 * room, bed and facility, and what the last event was. A discharged patient has no ward.
 *
 * @param event the ADT event that set it: {@code admitted}, {@code transferred}, {@code discharged},
 *              {@code registered}, {@code updated}
 * @param since when that event happened (EVN-2, else MSH-7)
 */
public record PatientLocation(String ward, String room, String bed, String facility, String event, Instant since) {

    public boolean discharged() {
        return "discharged".equals(event);
    }
}
