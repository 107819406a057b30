package org.vigil.alert;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What happened to an alert. {@code updated}: its values changed while it persists (the dashboard
 * follows them); the others are what caregivers are notified of.
 */
public enum AlertEventType {
    OPENED, UPDATED, ESCALATED, ACKNOWLEDGED, RESOLVED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AlertEventType of(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }

    /** Whether caregivers are told (webhook, e-mail, FHIR): every change but a mere update of values. */
    public boolean notifies() {
        return this != UPDATED;
    }
}
