package org.vigil.alert;

/** A patient's alert state changed while a batch worked on it; the batch is read again. */
public class AlertStateConflictException extends RuntimeException {

    public AlertStateConflictException(String message) {
        super(message);
    }
}
