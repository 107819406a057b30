package org.vigil.ingest.hl7;

import java.time.Instant;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.primitive.CommonTS;

/**
 * HL7 v2 timestamps (DTM/TS: {@code YYYY[MM[DD[HH[MM[SS[.S...]]]]]][+/-ZZZZ]}), read by HAPI's
 * {@link CommonTS} by HL7's rules for precision and offset (no offset: the server's zone). HAPI's
 * reading costs more than the rest of an OBX together, and a message's OBX mostly share one time,
 * as do the messages of one second: the last time read is kept and reused.
 */
final class Hl7Times {

    private record Read(String text, long epochMillis) {
    }

    private static volatile Read last = new Read("", 0L);

    private Hl7Times() {
    }

    /**
     * The instant of an HL7 timestamp.
     *
     * @param what what the time is, for the refusal ("OBX-14 of OBX 3", "alarm time")
     * @throws Hl7Refusal when it is not an HL7 timestamp
     */
    static Instant instant(String time, String what) {
        String text = time.strip();
        Read read = last;
        if (read.text().equals(text)) {
            return Instant.ofEpochMilli(read.epochMillis());
        }
        try {
            long millis = new CommonTS(text).getValueAsDate().getTime();
            last = new Read(text, millis);
            return Instant.ofEpochMilli(millis);
        } catch (DataTypeException e) {
            throw Hl7Refusal.error(ErrorCode.DATA_TYPE_ERROR, what + " '" + time + "' is not an HL7 timestamp: " + e.getMessage());
        }
    }
}
