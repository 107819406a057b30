package org.vigil.contract;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The string contract between the YAML routes and the Java beans: every {@code vigil*} exchange
 * property, header, counter and bean name, every route id, {@code direct:} endpoint and route
 * configuration id that a bundled route uses is declared in {@link Names}, and every route id
 * declared there is a route. A renamed property in one place and not the other fails here, not at
 * run time.
 */
class NamesContractTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]*}}");
    private static final Pattern CAMEL_CASE_NAME = Pattern.compile("\\bvigil[A-Z][A-Za-z0-9]*");
    private static final Pattern DOTTED_NAME = Pattern.compile("(?<!\\w)(?<!org\\.)vigil\\.[a-z][a-z0-9.-]*[a-z0-9]");
    private static final Pattern COMMENT_LINE = Pattern.compile("^\\s*#.*$", Pattern.MULTILINE);
    private static final Pattern ID = Pattern.compile("^\\s*(?:- )?id:\\s*\"?([\\w-]+)\"?\\s*$", Pattern.MULTILINE);
    private static final Pattern ROUTE_CONFIGURATION_ID = Pattern.compile("routeConfigurationId:\\s*\"?([\\w,-]+)\"?");
    private static final Pattern DIRECT = Pattern.compile("direct:([\\w-]+)");
    private static final Pattern COUNTER = Pattern.compile("micrometer:counter:([\\w.]+)");

    private static final Map<String, String> routes = new LinkedHashMap<>();

    @BeforeAll
    static void readRoutes() throws IOException {
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath:routes/**/*.yaml")) {
            // Comments and {{placeholders}} name configuration keys (vigil.kafka.topics...), not this contract.
            String text = COMMENT_LINE.matcher(resource.getContentAsString(StandardCharsets.UTF_8)).replaceAll("");
            routes.put(resource.getFilename(), PLACEHOLDER.matcher(text).replaceAll("{{}}"));
        }
        assertThat(routes).as("bundled route files").hasSizeGreaterThan(10);
    }

    @Test
    void everyPropertyAndHeaderNameTheRoutesUseIsDeclared() {
        Set<String> declared = constants(Names.Property.class, Names.Header.class);
        assertThat(used(CAMEL_CASE_NAME)).isNotEmpty().allMatch(declared::contains, "declared in Names.Property or Header");
    }

    @Test
    void everyDottedVigilNameTheRoutesUseIsADeclaredHeaderOrCounter() {
        Set<String> declared = constants(Names.Header.class, Names.Counter.class);
        assertThat(used(DOTTED_NAME)).isNotEmpty().allMatch(declared::contains, "declared in Names.Header or Counter");
    }

    @Test
    void everyCounterIsDeclared() {
        assertThat(used(COUNTER)).containsExactlyInAnyOrderElementsOf(Names.Counter.ALL);
    }

    @Test
    void routeIdsAndDirectEndpointsAreDeclaredAndEveryDeclaredRouteExists() {
        Set<String> routeIds = constants(Names.Route.class);
        Set<String> configurationIds = constants(Names.RouteConfiguration.class);
        Set<String> ids = used(ID);
        Set<String> routesFound = new TreeSet<>(ids);
        routesFound.removeAll(configurationIds);

        assertThat(routesFound).as("route ids in routes/**/*.yaml").containsExactlyInAnyOrderElementsOf(routeIds);
        assertThat(used(DIRECT)).as("direct: endpoints name their route").allMatch(routeIds::contains);
        assertThat(ids).containsAll(configurationIds);
        Set<String> configurationsUsed = new TreeSet<>();
        used(ROUTE_CONFIGURATION_ID).forEach(list -> configurationsUsed.addAll(List.of(list.split(","))));
        assertThat(configurationsUsed).isNotEmpty().allMatch(configurationIds::contains, "declared in Names.RouteConfiguration");
    }

    @Test
    void theScanSeesWhatItLooksFor() {
        // Guards the patterns above: if they matched nothing, every check would pass vacuously.
        assertThat(used(CAMEL_CASE_NAME)).contains(Names.Property.SOURCE, Names.Property.CSV_CODING);
        assertThat(used(DOTTED_NAME)).contains(Names.Header.ERROR_ROUTE, Names.Counter.DEAD_LETTERS);
        assertThat(used(DIRECT)).contains(Names.Route.CSV_ROW, Names.Route.DEAD_LETTER);
    }

    private static Set<String> used(Pattern pattern) {
        Set<String> found = new TreeSet<>();
        routes.values().forEach(text -> {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                found.add(matcher.groupCount() == 0 ? matcher.group() : matcher.group(1));
            }
        });
        return found;
    }

    private static Set<String> constants(Class<?>... holders) {
        Set<String> values = new TreeSet<>();
        for (Class<?> holder : holders) {
            List<Field> fields = new ArrayList<>(List.of(holder.getDeclaredFields()));
            for (Field field : fields) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                    try {
                        values.add((String) field.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return values;
    }
}
