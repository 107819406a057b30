package org.vigil.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.vigil.alert.AlertCommand;
import org.vigil.alert.AlertEvent;
import org.vigil.event.ClassifiedRecord;
import org.vigil.event.SpecialtyRecord;
import org.vigil.record.ClinicalRecord;

/**
 * The JSON Schemas of the events between stages ({@code src/main/resources/contract}): generated
 * from the event types, and used to check messages as they travel.
 */
public final class ContractSchemas {

    /** Each event type with the file its schema is published in (on the classpath, under contract/). */
    public static final Map<Class<?>, String> FILES = Map.of(
            ClinicalRecord.class, "clinical-record.schema.json",
            ClassifiedRecord.class, "classified-record.schema.json",
            SpecialtyRecord.class, "specialty-record.schema.json",
            AlertEvent.class, "alert-event.schema.json",
            AlertCommand.class, "alert-command.schema.json");

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final SchemaGenerator GENERATOR = new SchemaGenerator(
            new SchemaGeneratorConfigBuilder(JSON, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                    .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE))
                    .with(Option.EXTRA_OPEN_API_FORMAT_VALUES)
                    .with(Option.DEFINITIONS_FOR_ALL_OBJECTS, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
                    .build());
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private ContractSchemas() {
    }

    /** The schema of an event type as the type declares it now. */
    public static JsonNode generate(Class<?> type) {
        return GENERATOR.generateSchema(type);
    }

    /** The schema as published (in the jar, under contract/). */
    public static JsonNode published(Class<?> type) {
        try (InputStream in = ContractSchemas.class.getResourceAsStream("/contract/" + FILES.get(type))) {
            if (in == null) {
                throw new IllegalStateException("no published schema contract/" + FILES.get(type));
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with a message against its type's published schema; empty when nothing. */
    public static List<String> problems(Class<?> type, String message) {
        Schema schema = REGISTRY.getSchema(published(type));
        return schema.validate(message, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    /**
     * Every property path a schema declares ({@code news2.total}, {@code location.ward}), through
     * its definitions, {@code allOf} parts and arrays.
     */
    public static TreeSet<String> paths(JsonNode schema) {
        TreeSet<String> paths = new TreeSet<>();
        collect(schema, schema, "", paths, 0);
        return paths;
    }

    private static void collect(JsonNode root, JsonNode node, String prefix, TreeSet<String> paths, int depth) {
        if (node == null || depth > 12) {
            return;
        }
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            collect(root, root.at(ref.substring(1)), prefix, paths, depth + 1);
        }
        node.path("allOf").forEach(part -> collect(root, part, prefix, paths, depth + 1));
        node.path("anyOf").forEach(part -> collect(root, part, prefix, paths, depth + 1));
        collect(root, node.get("items"), prefix, paths, depth + 1);
        Iterator<Map.Entry<String, JsonNode>> properties = node.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            String path = prefix.isEmpty() ? property.getKey() : prefix + "." + property.getKey();
            paths.add(path);
            collect(root, property.getValue(), path, paths, depth + 1);
        }
    }
}
