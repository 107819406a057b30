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
import org.vigil.routing.Trigger;

/**
 * The alert rules, read at start-up from {@code vigil.alerts.rules-file} (by default the
 * {@code alerts/alert-rules.yaml} in the jar; a site points {@code VIGIL_ALERT_RULES_FILE} at its
 * own copy, e.g. beside its routes, and restarts: no rebuild). A rule may name only anomalies
 * ({@link Trigger#ANOMALIES}); a rule naming anything else, or a severity twice, stops start-up
 * with the reason.
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
 * </pre>
 */
@Component
public class AlertRules {

    /** The spike rule: more than {@code moreThan} anomalies in {@code window}, per ward and overall. */
    public record Spike(boolean enabled, Duration window, int moreThan, Duration checkEvery, Severity severity, String title) {
    }

    /** The file's shape, as bound. */
    public record Definitions(Map<String, Definition> rules, Spike spike) {
    }

    public record Definition(String title, Map<Severity, List<String>> levels) {
    }

    private final List<AlertRule> rules;
    private final Spike spike;
    private final String source;

    @org.springframework.beans.factory.annotation.Autowired
    public AlertRules(ResourceLoader resources, @Value("${vigil.alerts.rules-file}") String location) {
        this(read(resources.getResource(location)), location);
    }

    AlertRules(Definitions definitions, String source) {
        this.source = source;
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
        this.rules = List.copyOf(parsed);
        Spike given = definitions.spike();
        this.spike = given == null ? new Spike(false, Duration.ofMinutes(1), 20, Duration.ofSeconds(10), Severity.URGENT, "Anomaly spike")
                : given;
        if (this.spike.enabled() && (this.spike.window() == null || this.spike.checkEvery() == null || this.spike.severity() == null)) {
            throw new IllegalStateException(source + ": spike needs window, more-than, check-every and severity");
        }
    }

    public List<AlertRule> all() {
        return rules;
    }

    public Spike spike() {
        return spike;
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
            return new Definitions(rules, spike);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the alert rules " + resource.getDescription(), e);
        }
    }
}
