package org.vigil.ingest;

/**
 * Input whose structure cannot be read where Vigil needs it (an entry that is not FHIR, a value
 * that is not a number where the value belongs): a bad request (HTTP 400), not a refused value.
 */
public class UnreadableInputException extends InvalidRecordException {

    public UnreadableInputException(String message) {
        super(message);
    }
}
