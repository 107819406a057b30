package org.vigil.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Lets integration engineers change routing without rebuilding the jar.
 *
 * <p>Routes ship in the jar under {@code routes/}, in one sub-folder per stage ({@code ingest/},
 * {@code classify/}, {@code store/}, {@code deadletter/}, and {@code configuration/} for the shared
 * error policies); every file name is unique across them. When {@code vigil.routes.dir} (env
 * {@code VIGIL_ROUTES_DIR}) names a folder, every {@code *.yaml} in it is loaded too, and a file
 * there with the same name as a bundled one replaces it: copy a bundled route out, edit it,
 * restart. This sets {@code camel.main.routes-include-pattern} to that list of locations, each file
 * by its exact name (also without an external folder: a wildcard makes Camel scan the whole jar).
 */
public class ExternalRoutesEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String ROUTES_DIR_PROPERTY = "vigil.routes.dir";
    static final String BUNDLED_ROUTES = "classpath:routes/**/*.yaml";
    static final String INCLUDE_PATTERN_PROPERTY = "camel.main.routes-include-pattern";

    private final Log log;

    public ExternalRoutesEnvironmentPostProcessor(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(ExternalRoutesEnvironmentPostProcessor.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String dir = environment.getProperty(ROUTES_DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            // Every bundled file by its exact name: with a wildcard, Camel scans the whole packaged
            // jar once per pattern (measured: most of a 20 s start).
            List<String> bundled = new ArrayList<>();
            bundledRouteFiles().values().forEach(path -> bundled.add("classpath:routes/" + path));
            environment.getPropertySources().addFirst(new MapPropertySource("vigilBundledRoutes",
                    Map.of(INCLUDE_PATTERN_PROPERTY, String.join(",", bundled))));
            return;
        }
        Path external = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(external)) {
            throw new IllegalStateException(ROUTES_DIR_PROPERTY + " is " + external + ", which is not a folder");
        }
        Set<String> externalFiles = yamlFileNames(external);
        List<String> locations = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        bundledRouteFiles().forEach((name, path) -> {
            if (externalFiles.contains(name)) {
                replaced.add(path);
            } else {
                locations.add("classpath:routes/" + path);
            }
        });
        externalFiles.forEach(name -> locations.add("file:" + external.resolve(name)));
        environment.getPropertySources().addFirst(new MapPropertySource("vigilExternalRoutes",
                Map.of(INCLUDE_PATTERN_PROPERTY, String.join(",", locations))));
        log.info("Loading routes from " + external + ": " + externalFiles.size() + " file(s)"
                + (replaced.isEmpty() ? "" : ", replacing bundled " + replaced));
    }

    /** File name → its path under {@code routes/} (e.g. {@code csv-row.yaml → ingest/csv-row.yaml}). */
    public static Map<String, String> bundledRouteFiles() {
        try {
            Map<String, String> paths = new TreeMap<>();
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources(BUNDLED_ROUTES)) {
                String url = resource.getURL().toString();
                String path = url.substring(url.lastIndexOf("/routes/") + "/routes/".length());
                String previous = paths.put(resource.getFilename(), path);
                if (previous != null) {
                    throw new IllegalStateException("two bundled route files are named " + resource.getFilename()
                            + " (" + previous + ", " + path + "): an external file could not say which it replaces");
                }
            }
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list bundled routes", e);
        }
    }

    private static Set<String> yamlFileNames(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            Set<String> names = new TreeSet<>();
            files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") || name.endsWith(".yml"))
                    .forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
