package org.vigil.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExternalRoutesEnvironmentPostProcessorTest {

    private final ExternalRoutesEnvironmentPostProcessor processor =
            new ExternalRoutesEnvironmentPostProcessor(new DeferredLogs());

    @Test
    void withoutAnExternalFolderEveryBundledFileIsNamedExactly() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty(ExternalRoutesEnvironmentPostProcessor.INCLUDE_PATTERN_PROPERTY, "classpath:routes/ingest/*.yaml");

        processor.postProcessEnvironment(environment, new SpringApplication());

        List<String> locations = Arrays.asList(environment
                .getProperty(ExternalRoutesEnvironmentPostProcessor.INCLUDE_PATTERN_PROPERTY).split(","));
        assertThat(locations).hasSize(ExternalRoutesEnvironmentPostProcessor.bundledRouteFiles().size())
                .contains("classpath:routes/ingest/csv-row.yaml", "classpath:routes/configuration/error-handling.yaml")
                .noneMatch(location -> location.contains("*"));
    }

    @Test
    void externalFilesAreAddedAndReplaceBundledFilesOfTheSameName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("csv-row.yaml"), "# replacement");
        Files.writeString(dir.resolve("my-extra-route.yaml"), "# addition");
        Files.writeString(dir.resolve("notes.txt"), "not a route");
        MockEnvironment environment = new MockEnvironment()
                .withProperty(ExternalRoutesEnvironmentPostProcessor.ROUTES_DIR_PROPERTY, dir.toString());

        processor.postProcessEnvironment(environment, new SpringApplication());

        List<String> locations = Arrays.asList(environment
                .getProperty(ExternalRoutesEnvironmentPostProcessor.INCLUDE_PATTERN_PROPERTY).split(","));
        assertThat(locations)
                .contains("file:" + dir.resolve("csv-row.yaml"), "file:" + dir.resolve("my-extra-route.yaml"))
                .contains("classpath:routes/store/store-mongodb.yaml", "classpath:routes/configuration/error-handling.yaml")
                .doesNotContain("classpath:routes/ingest/csv-row.yaml")
                .noneMatch(location -> location.endsWith("notes.txt"));
        assertThat(locations).hasSize(ExternalRoutesEnvironmentPostProcessor.bundledRouteFiles().size() + 1);
    }

    @Test
    void aMissingFolderStopsStartUpWithItsName() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty(ExternalRoutesEnvironmentPostProcessor.ROUTES_DIR_PROPERTY, "/no/such/folder");

        assertThatThrownBy(() -> processor.postProcessEnvironment(environment, new SpringApplication()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/no/such/folder");
    }
}
