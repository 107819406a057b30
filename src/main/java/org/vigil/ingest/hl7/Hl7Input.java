package org.vigil.ingest.hl7;

import java.nio.charset.Charset;

import ca.uhn.hl7v2.model.Message;

/**
 * One HL7 v2 message as received: the parsed message (every version read into the 2.6 model), the
 * charset its bytes were read in, and what its MSH says.
 *
 * @param type           MSH-9 message code and trigger event, e.g. {@code ORU^R01}
 * @param controlId      MSH-10
 * @param sendingApplication MSH-3 (first component)
 * @param version        MSH-12 as sent
 */
public record Hl7Input(Message message, Charset charset, String type, String controlId, String sendingApplication, String version) {

    /** {@code oru}, {@code alarm} (IHE PCD-04), {@code adt} or {@code other}: how it is read. */
    public String kind() {
        if ("ORU^R01".equals(type)) {
            return "oru";
        }
        if ("ORU^R40".equals(type)) {
            return "alarm";
        }
        return Hl7Messages.ADMISSIONS.contains(type) ? "adt" : "other";
    }
}
