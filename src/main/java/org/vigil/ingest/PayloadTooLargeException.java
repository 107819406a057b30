package org.vigil.ingest;

/** Input larger than Vigil accepts; HTTP callers get 413. */
public class PayloadTooLargeException extends InvalidRecordException {

    public PayloadTooLargeException(String reason) {
        super(reason);
    }
}
