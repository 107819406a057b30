package org.vigil.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A connector configuration as committed in {@code connectors/} (the body of
 * {@code POST /connectors}), with only the site-specific settings replaced, so that a test runs
 * the very file an operator registers.
 */
final class CommittedConnectorConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode body;

    private CommittedConnectorConfig(ObjectNode body) {
        this.body = body;
    }

    static CommittedConnectorConfig load(Path file) {
        try {
            return new CommittedConnectorConfig((ObjectNode) JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    String name() {
        return body.path("name").asText();
    }

    String get(String key) {
        return config().path(key).asText(null);
    }

    /** Replaces settings that already exist; a key the file lacks is a mistake in the test. */
    CommittedConnectorConfig with(Map<String, String> replacements) {
        replacements.forEach((key, value) -> {
            if (!config().has(key)) {
                throw new IllegalArgumentException(name() + " has no setting " + key + " to replace");
            }
            config().put(key, value);
        });
        return this;
    }

    Path writeTo(Path directory) {
        Path file = directory.resolve(name() + ".json");
        try {
            Files.createDirectories(directory);
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private ObjectNode config() {
        return (ObjectNode) body.path("config");
    }
}
