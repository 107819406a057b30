package org.vigil.provisioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vigil.config.Specialties;
import org.vigil.config.VigilProperties;

/**
 * The Kafka Connect MongoDB sink configurations of {@code connectors/}, generated from the
 * specialties, so a specialty added in configuration is sunk too: one connector for every
 * specialty topic (each to its collection), one for the classified topic (to the records
 * collection). Every document replaces the one with its record id as {@code _id}, as Vigil's own
 * store does. Generated files: regenerate them with
 * {@code ./vigil provision-mongo --write-connect-configs connectors}; a test keeps them equal.
 */
public final class MongoSinkConnectorConfigs {

    /** Where the configurations are committed, relative to the project folder. */
    public static final String COMMITTED_DIRECTORY = "connectors";
    /** The MongoDB of docker-compose.yml; ./vigil connect points it at the local one. */
    static final String CONNECTION_URI = "mongodb://mongodb:27017";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));

    private final VigilProperties vigil;
    private final Specialties specialties;

    public MongoSinkConnectorConfigs(VigilProperties vigil, Specialties specialties) {
        this.vigil = vigil;
        this.specialties = specialties;
    }

    /** File name → its content. */
    public Map<String, String> render() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("mongodb-sink-specialties.json", json(specialtiesSink()));
        files.put("mongodb-sink-patients-record.json", json(recordsSink()));
        return files;
    }

    public List<Path> writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, String> file : render().entrySet()) {
                Files.writeString(directory.resolve(file.getKey()), file.getValue());
            }
            return render().keySet().stream().map(directory::resolve).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the connector configurations to " + directory, e);
        }
    }

    private Map<String, Object> specialtiesSink() {
        Map<String, Object> config = sink(String.join(",", specialties.topics()));
        specialties.all().forEach(specialty ->
                config.put("topic.override." + specialty.topic() + ".collection", specialty.collection()));
        common(config);
        return connector("vigil-mongodb-sink-specialties", config);
    }

    private Map<String, Object> recordsSink() {
        Map<String, Object> config = sink(vigil.kafka().topics().classified());
        config.put("collection", vigil.mongodb().records());
        common(config);
        return connector("vigil-mongodb-sink-patients-record", config);
    }

    /** A MongoDB sink of these topics into Vigil's database. */
    private Map<String, Object> sink(String topics) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("connector.class", "com.mongodb.kafka.connect.MongoSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", topics);
        config.put("connection.uri", CONNECTION_URI);
        config.put("database", vigil.mongodb().database());
        return config;
    }

    /** JSON values, the record id as _id (replace, never add), and a dead-letter topic with context headers. */
    private void common(Map<String, Object> config) {
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("transforms", "recordIdToKey,recordIdAsId");
        config.put("transforms.recordIdToKey.type", "org.apache.kafka.connect.transforms.ValueToKey");
        config.put("transforms.recordIdToKey.fields", "recordId");
        config.put("transforms.recordIdAsId.type", "org.apache.kafka.connect.transforms.ReplaceField$Key");
        config.put("transforms.recordIdAsId.renames", "recordId:_id");
        config.put("document.id.strategy", "com.mongodb.kafka.connect.sink.processor.id.strategy.ProvidedInKeyStrategy");
        config.put("writemodel.strategy", "com.mongodb.kafka.connect.sink.writemodel.strategy.ReplaceOneDefaultStrategy");
        config.put("errors.tolerance", "all");
        config.put("errors.log.enable", "true");
        config.put("errors.deadletterqueue.topic.name", vigil.kafka().topicPrefix() + "connect.deadletter");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
    }

    private static Map<String, Object> connector(String name, Map<String, Object> config) {
        Map<String, Object> connector = new LinkedHashMap<>();
        connector.put("name", name);
        connector.put("config", config);
        return connector;
    }

    private static String json(Object value) {
        try {
            return JSON.writer(PRETTY).writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
