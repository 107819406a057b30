package org.vigil.ingest;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;

/**
 * HAPI's parser error handler made lenient but not silent: each element it cannot read is
 * skipped and remembered, with the element's name, so the caller decides whether it mattered
 * (an element Vigil uses refuses the Observation; any other is a warning on the record). One per
 * parse: not thread-safe.
 */
final class FhirParseWarnings implements IParserErrorHandler {

    /** An element the parser skipped. */
    public record Warning(String element, String message) {

        @Override
        public String toString() {
            return message;
        }
    }

    private final List<Warning> warnings = new ArrayList<>();

    List<Warning> warnings() {
        return List.copyOf(warnings);
    }

    private void add(IParseLocation location, String element, String message) {
        String name = element != null ? element : location == null ? null : location.getParentElementName();
        warnings.add(new Warning(name == null ? "" : name, message));
    }

    @Override
    public void containedResourceWithNoId(IParseLocation location) {
        add(location, "contained", "a contained resource has no id");
    }

    @Override
    public void incorrectJsonType(IParseLocation location, String element, BaseJsonLikeValue.ValueType expected,
                                  BaseJsonLikeValue.ScalarType expectedScalar, BaseJsonLikeValue.ValueType found,
                                  BaseJsonLikeValue.ScalarType foundScalar) {
        add(location, element, LenientErrorHandler.createIncorrectJsonTypeMessage(element, expected, expectedScalar, found, foundScalar));
    }

    @Override
    public void invalidValue(IParseLocation location, String value, String error) {
        add(location, null, "invalid value '" + value + "'" + (location == null ? "" : " in " + location.getParentElementName()) + ": " + error);
    }

    @Override
    public void missingRequiredElement(IParseLocation location, String element) {
        add(location, element, "required element '" + element + "' is missing");
    }

    @Override
    public void unexpectedRepeatingElement(IParseLocation location, String element) {
        add(location, element, "element '" + element + "' repeats but may appear only once");
    }

    @Override
    public void unknownAttribute(IParseLocation location, String attribute) {
        add(location, attribute, "unknown attribute '" + attribute + "'");
    }

    @Override
    public void unknownElement(IParseLocation location, String element) {
        add(location, element, "unknown element '" + element + "'");
    }

    @Override
    public void unknownReference(IParseLocation location, String reference) {
        add(location, "reference", "unknown reference '" + reference + "'");
    }

    @Override
    public void invalidInternalReference(IParseLocation location, String reference) {
        add(location, "reference", "invalid internal reference '" + reference + "'");
    }

    @Override
    public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
        add(location, "extension", "an extension has both a value and nested extensions");
    }
}
