package org.vigil.alert;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One alert rule of {@code alert-rules.yaml}: a condition a patient can be in, at one or more
 * severities, each named by the anomalies that put the patient there (the anomaly facts of
 * {@link org.vigil.event.Trigger#ANOMALIES}: what is an anomaly is decided there, once). The
 * highest severity whose facts hold is the alert's; when none holds on a record that measured what
 * the rule reads, the alert is resolved.
 *
 * @param name   the condition, and the alert's {@code condition}
 * @param levels severity: the facts, any one of which puts the patient at that severity
 */
public record AlertRule(String name, String title, Map<Severity, List<String>> levels) {

    public AlertRule {
        Map<Severity, List<String>> copy = new EnumMap<>(Severity.class);
        levels.forEach((severity, facts) -> copy.put(severity, List.copyOf(facts)));
        levels = Collections.unmodifiableMap(copy);
        title = title == null || title.isBlank() ? name : title;
    }

    /** Every fact the rule reads. */
    public Set<String> facts() {
        Set<String> all = new java.util.LinkedHashSet<>();
        levels.values().forEach(all::addAll);
        return all;
    }

    /** The highest severity one of whose facts is among these; empty when none is. */
    public Optional<Severity> levelOf(java.util.Collection<String> anomalies) {
        List<Severity> highestFirst = new ArrayList<>(levels.keySet());
        Collections.reverse(highestFirst);
        for (Severity severity : highestFirst) {
            if (levels.get(severity).stream().anyMatch(anomalies::contains)) {
                return Optional.of(severity);
            }
        }
        return Optional.empty();
    }

    /** The facts among these that put the patient at this severity (the rule's "why"). */
    public List<String> firedBy(Severity severity, java.util.Collection<String> anomalies) {
        return levels.getOrDefault(severity, List.of()).stream().filter(anomalies::contains).toList();
    }
}
