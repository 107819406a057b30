package org.vigil.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * For a test class annotated {@link VigilIntegrationTest}: points the application at the shared
 * real services and names everything it creates after the test and the run. Registered in
 * {@code META-INF/spring.factories} of the test resources.
 */
public final class IntegrationTestNames implements ContextCustomizerFactory {

    /** Where Spring puts a test's {@code @DynamicPropertySource} values. */
    private static final String DYNAMIC_TEST_PROPERTIES = "Dynamic Test Properties";

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        MergedAnnotations annotations = MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY);
        if (!annotations.isPresent(VigilIntegrationTest.class)) {
            return null;
        }
        return new Names(annotations.get(VigilIntegrationTest.class).getString("value"));
    }

    /** The settings of one test's names; {@code it-<name>-<run>.} for topics, and so on. */
    public static Map<String, Object> forTest(String name) {
        String run = LocalServices.RUN_ID;
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("vigil.kafka.topic-prefix", "it-" + name + "-" + run + ".");
        settings.put("vigil.kafka.consumer-group", "it-" + name + "-" + run);
        settings.put("vigil.mongodb.collection-prefix", "it_" + name + "_" + run + "_");
        settings.put("vigil.elasticsearch.index-prefix", "it-" + name + "-" + run + "-");
        settings.put("vigil.clinical.news2.state-collection", "it_" + name + "_news2_" + run);
        settings.put("vigil.ingest.fhir-server.state-collection", "it_" + name + "_state_" + run);
        settings.put("vigil.alerts.collections.state", "it_" + name + "_alert_state_" + run);
        settings.put("vigil.alerts.collections.alerts", "it_" + name + "_alerts_" + run);
        settings.put("vigil.alerts.collections.audit", "it_" + name + "_alert_audit_" + run);
        settings.put("vigil.alerts.collections.delivered", "it_" + name + "_alert_delivered_" + run);
        settings.put("vigil.security.audit.collection", "it_" + name + "_audit_" + run);
        settings.put("vigil.security.credentials-file", TestCredentials.file().toString());
        settings.put("vigil.routing.pseudonym-key", TestCredentials.PSEUDONYM_KEY);
        // Tests close many applications: a stop that waits is waited for 10 s, not a site's 30.
        settings.put("vigil.shutdown-timeout-seconds", 10);
        settings.put("vigil.ingest.csv.inbox", "target/it-inbox/" + name + "-" + run);
        settings.put("vigil.ingest.fhir.inbox", "target/it-inbox/" + name + "-fhir-" + run);
        settings.put("vigil.ingest.mllp.port", MLLP_PORTS.computeIfAbsent(name, n -> FreePorts.next()));
        // Every test's senders connect from 127.0.0.1, as many monitors at once as the test has:
        // one address standing for a ward (SecurityIT sets its own limit to test it).
        settings.put("vigil.ingest.mllp.max-connections-per-source", 64);
        return settings;
    }

    /** Each test's own MLLP listener port, the same every time its names are asked for. */
    private static final Map<String, Integer> MLLP_PORTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A record: equal for equal names, as Spring's context cache needs. */
    private record Names(String name) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            Map<String, Object> settings = new LinkedHashMap<>(LocalServices.properties());
            settings.putAll(forTest(name));
            // Above application.yaml and the inlined test properties; below a test's own @DynamicPropertySource.
            var sources = context.getEnvironment().getPropertySources();
            MapPropertySource names = new MapPropertySource("vigilIntegrationTest", settings);
            if (sources.contains(DYNAMIC_TEST_PROPERTIES)) {
                sources.addAfter(DYNAMIC_TEST_PROPERTIES, names);
            } else {
                sources.addFirst(names);
            }
        }
    }
}
