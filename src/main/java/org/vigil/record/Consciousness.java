package org.vigil.record;

/** ACVPU level of consciousness, as NEWS2 scores it. */
public enum Consciousness {
    ALERT, NEW_CONFUSION, VOICE, PAIN, UNRESPONSIVE
}
