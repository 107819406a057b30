package org.vigil.security;

import java.util.Locale;

/**
 * Who may do what over HTTP. A gateway holds an API key and may only send input; caregivers and
 * operators are people who sign in with a password (a person may be both). What each role may call
 * is {@link EndpointAccess}'s one table.
 */
public enum Role {

    /** A device gateway or hospital system: POST input to /ingest and /fhir, nothing else. */
    GATEWAY,
    /** Nurses and doctors: the dashboard, alerts and their acknowledgement, patients' charts. */
    CAREGIVER,
    /** Who runs Vigil: Hawtio, the actuator beyond health, dead-letter replay, the pipeline's figures. */
    OPERATOR;

    /** As written in configuration: {@code caregiver}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("unknown role '" + name + "' (gateway, caregiver, operator)");
        }
    }
}
