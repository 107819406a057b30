package org.vigil.config;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Provides {@code vigil.store.topics}, the topics the store route reads ({@code {{vigil.store.topics}}}),
 * derived from {@code vigil.specialties}: the classified topic and every specialty's topic. A
 * specialty added in configuration is stored without a hand-kept list to forget. The value is
 * computed when it is read, from the environment as it is then (test and command-line properties
 * included).
 */
public class StoreTopicsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    public static final String STORE_TOPICS = "vigil.store.topics";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new StoreTopics(environment));
    }

    /** Holds the environment in a field, not as its source: Boot would descend into an environment source. */
    static final class StoreTopics extends PropertySource<Object> {

        private final ConfigurableEnvironment environment;

        StoreTopics(ConfigurableEnvironment environment) {
            super("vigilStoreTopics", new Object());
            this.environment = environment;
        }

        @Override
        public Object getProperty(String name) {
            if (!STORE_TOPICS.equals(name)) {
                return null;
            }
            Binder binder = Binder.get(environment);
            VigilProperties vigil = binder.bind("vigil", VigilProperties.class).get();
            SpecialtyProperties definitions = binder.bind("vigil", SpecialtyProperties.class).get();
            return String.join(",", storeTopics(vigil, Specialties.of(vigil, definitions)));
        }
    }

    /** The classified topic and every specialty's: what the store reads. */
    public static List<String> storeTopics(VigilProperties vigil, Specialties specialties) {
        List<String> topics = new ArrayList<>();
        topics.add(vigil.kafka().topics().classified());
        topics.addAll(specialties.topics());
        return topics;
    }
}
