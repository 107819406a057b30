package org.vigil.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.vigil.config.Specialties;
import org.vigil.config.SpecialtyProperties;
import org.vigil.config.VigilProperties;
import org.vigil.routing.RoutingProperties;

/**
 * Vigil's settings as application.yaml ships them, bound the way Spring Boot binds them (defaults
 * of placeholders apply: no environment here), for unit tests that need the real configuration
 * without starting Spring.
 */
public final class ShippedConfiguration {

    private static final Binder BINDER = binder();

    private ShippedConfiguration() {
    }

    public static <T> T bind(String prefix, Class<T> type) {
        return BINDER.bind(prefix, type).get();
    }

    public static VigilProperties vigil() {
        return bind("vigil", VigilProperties.class);
    }

    /** The shipped routing settings, with this run's pseudonym key (application.yaml has none, by design). */
    public static RoutingProperties routing() {
        RoutingProperties shipped = bind("vigil.routing", RoutingProperties.class);
        return new RoutingProperties(shipped.riskThreshold(), TestCredentials.PSEUDONYM_KEY, shipped.dateShiftMaxDays());
    }

    public static Specialties specialties() {
        return Specialties.of(vigil(), bind("vigil", SpecialtyProperties.class));
    }

    private static Binder binder() {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                    .load("application.yaml", new ClassPathResource("application.yaml"));
            return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
