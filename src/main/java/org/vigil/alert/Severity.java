package org.vigil.alert;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How urgently an alert needs a caregiver, lowest first: a change to a higher one is an escalation. */
public enum Severity {
    WARNING, URGENT, EMERGENCY;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity of(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
}
