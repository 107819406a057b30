package org.vigil.ingest;

import java.util.List;

import org.hl7.fhir.r4.model.Resource;

/**
 * One resource of a FHIR input (the input itself, or one Bundle entry), parsed on its own so that
 * damage stays with the entry that has it.
 *
 * @param json     the entry's resource as JSON text, for the dead letter
 * @param fullUrl  the Bundle entry's fullUrl, if any (e.g. {@code urn:uuid:...} in a transaction)
 * @param resource null when it could not be parsed at all ({@code failure} says why)
 * @param warnings what the lenient parser could not read ({@link FhirParseWarnings}); empty when nothing
 */
public record FhirEntry(String json, String fullUrl, Resource resource, List<FhirParseWarnings.Warning> warnings, String failure) {

    public FhirEntry {
        warnings = List.copyOf(warnings);
    }

    static FhirEntry failed(String json, String fullUrl, String failure) {
        return new FhirEntry(json, fullUrl, null, List.of(), failure);
    }
}
