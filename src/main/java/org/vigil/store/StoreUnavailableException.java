package org.vigil.store;

/**
 * Part of a batch could not be written for a reason that passes (a store busy or restarting):
 * the route retries the rest of the batch with backoff.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }
}
