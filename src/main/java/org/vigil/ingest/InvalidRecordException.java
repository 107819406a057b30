package org.vigil.ingest;

/** Input that cannot become a record. The message is the reason a person reads in the dead letter. */
public class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String reason) {
        super(reason);
    }
}
