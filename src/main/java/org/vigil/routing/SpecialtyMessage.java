package org.vigil.routing;

import java.util.Map;

/** One message for one specialty topic: its key (the patient, so a patient's messages stay in order) and its fields. */
public record SpecialtyMessage(String destination, String topic, String key, Map<String, Object> payload) {
}
