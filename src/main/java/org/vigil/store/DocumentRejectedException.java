package org.vigil.store;

/** Names a store's permanent refusal of one document in the dead letter ({@code vigil.error.class}). */
public class DocumentRejectedException extends RuntimeException {

    public DocumentRejectedException(String message) {
        super(message);
    }
}
