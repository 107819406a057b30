package org.vigil.reload;

/** A configuration change that did not pass its checks: it changes nothing; the message says why. */
public class RefusedChange extends RuntimeException {

    public RefusedChange(String reason) {
        super(reason);
    }
}
