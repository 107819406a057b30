package org.vigil.ingest;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Reads a FHIR R4 JSON input (a resource, or a Bundle) entry by entry. The input must be JSON
 * naming a resourceType, and a Bundle needs a type and entries; beyond that, each entry's resource
 * is parsed on its own with a lenient parser ({@link FhirParseWarnings}), so a Patient with an
 * element HAPI's strict parser rejects loses nothing but that element, and never the Bundle's
 * vital signs. Whether a skipped element matters is decided for each Observation by
 * {@link FhirObservations}.
 */
@Component("fhirEntries")
public class FhirEntries {

    /** What a FHIR input holds: its Bundle type ({@code null} for a single resource) and its entries, in order. */
    public record FhirInput(String bundleType, List<FhirEntry> entries) {
    }

    private final FhirContext fhir;
    private final ObjectMapper json;
    private final InputLimits limits;

    @org.springframework.beans.factory.annotation.Autowired
    public FhirEntries(FhirContext fhir, ObjectMapper json, InputLimits limits) {
        this.fhir = fhir;
        this.limits = limits;
        this.json = limits.bounded(json);
    }

    public FhirEntries(FhirContext fhir, ObjectMapper json) {
        this(fhir, json, InputLimits.defaults());
    }

    /** The Bundle type of an input read by {@link #read}, null for a single resource. */
    public String bundleTypeOf(@Body FhirInput input) {
        return input.bundleType();
    }

    /** The entries of an input read by {@link #read}, in order. */
    public List<FhirEntry> entriesOf(@Body FhirInput input) {
        return input.entries();
    }

    public FhirInput read(@Body String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw limits.tooDeep();
        } catch (JsonProcessingException e) {
            throw new DataFormatException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new DataFormatException("not a JSON object");
        }
        String resourceType = root.path("resourceType").asText(null);
        if (resourceType == null || resourceType.isBlank()) {
            throw new DataFormatException("the JSON object has no resourceType: not a FHIR resource");
        }
        if (!"Bundle".equals(resourceType)) {
            return new FhirInput(null, List.of(parse(root, text.strip(), null)));
        }
        String type = root.path("type").asText(null);
        if (type == null || type.isBlank()) {
            throw new InvalidRecordException("Bundle has no type");
        }
        JsonNode entries = root.path("entry");
        if (!entries.isArray() || entries.isEmpty()) {
            throw new InvalidRecordException("Bundle has no entries");
        }
        limits.requireBundleEntries(entries.size());
        List<String> sent = entryTexts(text, entries.size());
        List<FhirEntry> read = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String fullUrl = entry.path("fullUrl").asText(null);
            JsonNode resource = entry.path("resource");
            if (!resource.isObject()) {
                read.add(FhirEntry.failed(sent.get(i) != null ? sent.get(i) : entry.toString(), fullUrl, "Bundle entry has no resource"));
            } else {
                read.add(parse(resource, sent.get(i), fullUrl));
            }
        }
        resolveSubjects(read);
        return new FhirInput(type, List.copyOf(read));
    }

    /**
     * A transaction names its Patient by the entry's fullUrl ({@code urn:uuid:...}), which a FHIR
     * server would resolve to the Patient's id: so does Vigil, so a patient has one key whichever
     * way its Observations arrive.
     */
    private static void resolveSubjects(List<FhirEntry> entries) {
        java.util.Map<String, String> ids = new java.util.HashMap<>();
        for (FhirEntry entry : entries) {
            if (entry.fullUrl() != null && entry.resource() != null && entry.resource().hasIdElement()
                    && entry.resource().getIdElement().hasIdPart()) {
                ids.put(entry.fullUrl(), entry.resource().fhirType() + "/" + entry.resource().getIdElement().getIdPart());
            }
        }
        for (FhirEntry entry : entries) {
            if (entry.resource() instanceof org.hl7.fhir.r4.model.Observation observation && observation.hasSubject()
                    && ids.containsKey(observation.getSubject().getReference())) {
                observation.getSubject().setReference(ids.get(observation.getSubject().getReference()));
            }
        }
    }

    /**
     * Each entry's resource as it was written in the input (or the entry itself when it has no
     * resource): what its dead letter carries, character for character.
     */
    private List<String> entryTexts(String text, int count) {
        List<String> texts = new ArrayList<>(count);
        try (JsonParser parser = json.getFactory().createParser(text)) {
            parser.nextToken(); // the Bundle
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (!"entry".equals(field)) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    int entryStart = (int) parser.currentTokenLocation().getCharOffset();
                    String resource = null;
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        parser.nextToken();
                        int start = (int) parser.currentTokenLocation().getCharOffset();
                        parser.skipChildren();
                        if ("resource".equals(name)) {
                            resource = text.substring(start, (int) parser.currentLocation().getCharOffset());
                        }
                    }
                    texts.add(resource != null ? resource : text.substring(entryStart, (int) parser.currentLocation().getCharOffset()));
                }
            }
        } catch (java.io.IOException e) {
            throw new DataFormatException("not JSON: " + e.getMessage());
        }
        return texts.size() == count ? texts : java.util.Collections.nCopies(count, null);
    }

    private FhirEntry parse(JsonNode resource, String sent, String fullUrl) {
        String text = sent != null ? sent : resource.toString();
        if (!resource.path("resourceType").isTextual()) {
            return FhirEntry.failed(text, fullUrl, "entry resource has no resourceType");
        }
        FhirParseWarnings warnings = new FhirParseWarnings();
        IParser parser = fhir.newJsonParser().setParserErrorHandler(warnings);
        try {
            Resource parsed = (Resource) parser.parseResource(text);
            return new FhirEntry(text, fullUrl, parsed, warnings.warnings(), null);
        } catch (DataFormatException | ClassCastException e) {
            return FhirEntry.failed(text, fullUrl, "not parseable as FHIR R4 "
                    + resource.path("resourceType").asText() + ": " + e.getMessage());
        }
    }
}
