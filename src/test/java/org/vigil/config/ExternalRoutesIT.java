package org.vigil.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.TestPropertySource;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An engineer's YAML in the external routes folder is loaded by the same jar: a new route is
 * added, and a file named like a bundled one replaces it, without rebuilding.
 */
@VigilIntegrationTest("ext")
@TestPropertySource(properties = {
        // Inlined, not dynamic: the routes folder is read while the environment is prepared.
        "vigil.routes.dir=" + ExternalRoutesIT.ROUTES_DIR})
class ExternalRoutesIT {

    static final String ROUTES_DIR = "target/it-external-routes";

    static {
        writeExternalRoutes();
    }

    /** An added route, and the bundled csv-file-ingest route edited to read *.txt files instead. */
    private static void writeExternalRoutes() {
        try {
            Path dir = Files.createDirectories(Path.of(ROUTES_DIR));
            Files.writeString(dir.resolve("ward-echo.yaml"), """
                    - route:
                        id: ward-echo
                        from:
                          uri: direct:ward-echo
                          steps:
                            - setBody:
                                simple: "echo ${body}"
                    """);
            String bundled = new ClassPathResource("routes/ingest/csv-file-ingest.yaml").getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            String include = "include: '.*\\.(csv|data)'";
            assertThat(bundled).contains(include);
            Files.writeString(dir.resolve("csv-file-ingest.yaml"), bundled.replace(include, "include: '.*\\.txt'"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;

    @Test
    void addedRouteRuns() {
        assertThat(camel.getRoute("ward-echo")).isNotNull();
        assertThat(producer.requestBody("direct:ward-echo", "bed 7", String.class)).isEqualTo("echo bed 7");
    }

    @Test
    void sameNamedFileReplacesTheBundledRoute() {
        assertThat(camel.getRoute("csv-file-ingest").getEndpoint().getEndpointUri()).contains(".txt").doesNotContain(".csv");
        assertThat(camel.getRoute("csv-row")).as("other bundled routes still load").isNotNull();
    }
}
