package org.vigil.alert;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where an alert is in its lifecycle: open (nobody has taken it), acknowledged (a caregiver has),
 * resolved (the values are back to normal). An escalation opens an acknowledged alert again.
 */
public enum AlertStatus {
    OPEN, ACKNOWLEDGED, RESOLVED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AlertStatus of(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }

    public boolean active() {
        return this != RESOLVED;
    }
}
