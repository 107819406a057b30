package org.vigil.ingest.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import org.vigil.ingest.InvalidRecordException;

/**
 * An HL7 v2 message Vigil refuses, with the acknowledgement the sender gets: {@code AR} when the
 * message cannot be taken at all (not HL7, framing, charset, version or type not supported),
 * {@code AE} when it was read but its content is wrong; and the HL7 error code of its ERR segment.
 */
public class Hl7Refusal extends InvalidRecordException {

    private final AcknowledgmentCode acknowledgment;
    private final ErrorCode errorCode;

    public Hl7Refusal(AcknowledgmentCode acknowledgment, ErrorCode errorCode, String reason) {
        super(reason);
        this.acknowledgment = acknowledgment;
        this.errorCode = errorCode;
    }

    static Hl7Refusal rejected(ErrorCode code, String reason) {
        return new Hl7Refusal(AcknowledgmentCode.AR, code, reason);
    }

    static Hl7Refusal error(ErrorCode code, String reason) {
        return new Hl7Refusal(AcknowledgmentCode.AE, code, reason);
    }

    public AcknowledgmentCode acknowledgment() {
        return acknowledgment;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
