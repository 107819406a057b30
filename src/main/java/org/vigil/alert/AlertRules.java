package org.vigil.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import org.vigil.event.Trigger;
import org.vigil.record.DeviceAlarm;

/**
 * The alert rules, read at start-up from {@code vigil.alerts.rules-file} (by default the
 * {@code alerts/alert-rules.yaml} in the jar; a site points {@code VIGIL_ALERT_RULES_FILE} at its
 * own copy, e.g. beside its routes: no rebuild). A rule may name only anomalies
 * ({@link Trigger#ANOMALIES}); a rule naming anything else, or a severity twice, stops start-up
 * with the reason. A site's file changed while Vigil runs is {@linkplain #check checked} and
 * {@linkplain #use swapped in} whole (org.vigil.reload): a batch of records is judged by one
 * version of the rules.
 *
 * <pre>
 * rules:
 *   news2:
 *     title: NEWS2 deterioration
 *     levels:
 *       emergency: [news2-high]
 *       urgent: [news2-medium, news2-single-3]
 * spike:
 *   window: 1m        # anomalies counted over this much time, up to now
 *   more-than: 20     # an alert when more than this many, per ward and for the whole site
 *   check-every: 10s
 *   severity: urgent
 * device-alarms:      # devices' own alarms (IHE PCD-04)
 *   enabled: true
 *   severities: { high: emergency, medium: urgent, low: warning, none: warning }
 * </pre>
 */
@Component
public class AlertRules {

    /** The spike rule: more than {@code moreThan} anomalies in {@code window}, per ward and overall. */
    public record Spike(boolean enabled, Duration window, int moreThan, Duration checkEvery, Severity severity, String title) {
    }

    /**
     * Devices' own alarms (IHE PCD-04): whether they become alerts, and the severity each device
     * priority gets. The device runs the alarm (start, end); Vigil follows it as one alert per
     * patient, event and source.
     */
    public record DeviceAlarms(boolean enabled, Map<DeviceAlarm.Priority, Severity> severities) {

        static final DeviceAlarms DEFAULT = new DeviceAlarms(true, Map.of(DeviceAlarm.Priority.HIGH, Severity.EMERGENCY,
                DeviceAlarm.Priority.MEDIUM, Severity.URGENT, DeviceAlarm.Priority.LOW, Severity.WARNING, DeviceAlarm.Priority.NONE, Severity.WARNING));

        /** The alert's severity for a device priority (a priority the file leaves out: as by default). */
        public Severity severityOf(DeviceAlarm.Priority priority) {
            DeviceAlarm.Priority given = priority == null ? DeviceAlarm.Priority.NONE : priority;
            Severity severity = severities == null ? null : severities.get(given);
            return severity != null ? severity : DEFAULT.severities().get(given);
        }
    }

    /** The file's shape, as bound. */
    public record Definitions(Map<String, Definition> rules, Spike spike, DeviceAlarms deviceAlarms) {

        public Definitions(Map<String, Definition> rules, Spike spike) {
            this(rules, spike, null);
        }
    }

    public record Definition(String title, Map<Severity, List<String>> levels) {
    }

    /** One version of the rules, checked. */
    public record Rules(List<AlertRule> all, Spike spike, DeviceAlarms deviceAlarms) {
    }

    private volatile Rules current;
    private final String source;

    @org.springframework.beans.factory.annotation.Autowired
    public AlertRules(ResourceLoader resources, @Value("${vigil.alerts.rules-file}") String location) {
        this(read(resources.getResource(location)), location);
    }

    AlertRules(Definitions definitions, String source) {
        this.source = source;
        this.current = validated(definitions, source);
    }

    /**
     * A rules file's content, read and checked as at start-up, not yet in use.
     *
     * @throws IllegalStateException saying what is wrong
     */
    public static Rules check(String content, String source) {
        Definitions definitions;
        try {
            definitions = read(new org.springframework.core.io.ByteArrayResource(content.getBytes(java.nio.charset.StandardCharsets.UTF_8), source));
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw new IllegalStateException(source + ": " + cause.getMessage(), e);
        }
        return validated(definitions, source);
    }

    /** From now on these rules (from {@link #check}) judge the records; a batch in progress finishes with the rules it began with. */
    public void use(Rules rules) {
        this.current = rules;
    }

    private static Rules validated(Definitions definitions, String source) {
        List<AlertRule> parsed = new ArrayList<>();
        (definitions.rules() == null ? Map.<String, Definition>of() : definitions.rules()).forEach((name, definition) -> {
            if (definition.levels() == null || definition.levels().isEmpty()) {
                throw new IllegalStateException(source + ": rule " + name + " has no levels");
            }
            definition.levels().forEach((severity, facts) -> facts.forEach(fact -> {
                if (!Trigger.ANOMALIES.contains(fact)) {
                    throw new IllegalStateException(source + ": rule " + name + " names '" + fact
                            + "', which is not an anomaly; choose from " + new java.util.TreeSet<>(Trigger.ANOMALIES));
                }
            }));
            parsed.add(new AlertRule(name, definition.title(), definition.levels()));
        });
        Spike given = definitions.spike();
        Spike spike = given == null ? new Spike(false, Duration.ofMinutes(1), 20, Duration.ofSeconds(10), Severity.URGENT, "Anomaly spike")
                : given;
        if (spike.enabled() && (spike.window() == null || spike.checkEvery() == null || spike.severity() == null)) {
            throw new IllegalStateException(source + ": spike needs window, more-than, check-every and severity");
        }
        return new Rules(List.copyOf(parsed), spike, definitions.deviceAlarms() == null ? DeviceAlarms.DEFAULT : definitions.deviceAlarms());
    }

    public List<AlertRule> all() {
        return current.all();
    }

    public Spike spike() {
        return current.spike();
    }

    public DeviceAlarms deviceAlarms() {
        return current.deviceAlarms();
    }

    /** One version of the rules: those a batch is judged by. */
    public Rules current() {
        return current;
    }

    /** Where the rules were read from. */
    public String source() {
        return source;
    }

    /** Reads a rules file (YAML) with Spring Boot's binding: relaxed names, typed durations and severities. */
    public static Definitions read(Resource resource) {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(resource.getDescription(), resource);
            StandardEnvironment environment = new StandardEnvironment();
            environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
            environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
            sources.forEach(environment.getPropertySources()::addLast);
            Binder binder = new Binder(ConfigurationPropertySources.get(environment));
            Map<String, Definition> rules = binder.bind("rules", Bindable.mapOf(String.class, Definition.class))
                    .orElseGet(LinkedHashMap::new);
            Spike spike = binder.bind("spike", Spike.class).orElse(null);
            DeviceAlarms deviceAlarms = binder.bind("device-alarms", DeviceAlarms.class).orElse(null);
            return new Definitions(rules, spike, deviceAlarms);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the alert rules " + resource.getDescription(), e);
        }
    }
}
