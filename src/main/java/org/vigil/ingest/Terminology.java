package org.vigil.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.NamingSystem;
import org.hl7.fhir.r4.model.Enumerations.ConceptMapEquivalence;
import org.hl7.fhir.r4.model.Quantity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Translations from the codes and units senders use to Vigil's canonical ones (LOINC codes, UCUM
 * units), read from FHIR R4 ConceptMap resources: those in the jar ({@code terminology/*.json}:
 * IEEE 11073 MDC vital signs and units, legacy and variant LOINC codes, common text labels and unit
 * spellings) and then a site's own ({@code vigil.terminology.dir}, read at start-up and again, checked
 * first, when the folder changes: see org.vigil.reload; a site map may add codes or replace a
 * bundled translation). Terminology is data: a new local code needs a
 * ConceptMap, not a release.
 *
 * <p>Text labels and unit spellings are matched case-insensitively and without spaces, through
 * ConceptMaps whose source system is {@link #TEXT_LABEL} or {@link #UNIT_LABEL}. A translation is
 * used only when the map says the target means the same or is wider (equivalence {@code equal},
 * {@code equivalent}, {@code wider}, {@code subsumes}); translations may chain (MDC pulse rate to
 * LOINC 8889-8, and 8889-8 to heart rate 8867-4). Each applied translation is named, and travels
 * in the record's {@code translatedFrom}.
 */
@Component("terminology")
public class Terminology {

    public static final String LOINC = "http://loinc.org";
    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String MDC = "urn:iso:std:iso:11073:10101";
    /** The source system of maps from text labels ({@code code.text}, a coding's display) to codes. */
    public static final String TEXT_LABEL = "urn:vigil:text-label";
    /** The source system of maps from unit spellings ({@code mmHg}, {@code beats/min}) to UCUM. */
    public static final String UNIT_LABEL = "urn:vigil:unit-label";

    private static final Logger LOG = LoggerFactory.getLogger(Terminology.class);
    private static final Set<ConceptMapEquivalence> USABLE = Set.of(ConceptMapEquivalence.EQUAL,
            ConceptMapEquivalence.EQUIVALENT, ConceptMapEquivalence.WIDER, ConceptMapEquivalence.SUBSUMES);
    private static final int MAX_CHAIN = 3;

    /** A canonical code or unit, and the translations that led to it (empty: sent as such). */
    public record Resolved(String code, List<String> translations) {

        boolean translated() {
            return !translations.isEmpty();
        }
    }

    private record Target(String system, String code, String map, String equivalence) {
    }

    /**
     * What the ConceptMaps and NamingSystems in use say, built whole and then swapped in: a reload
     * (a site's folder changed) never leaves a half-read set in use.
     */
    private static final class Tables {
        /** source system, then source code (labels normalised), then target system: the target. */
        final Map<String, Map<String, Map<String, Target>>> maps = new HashMap<>();
        final List<String> loaded = new ArrayList<>();
        /** Code system identifiers (OIDs) to their preferred URIs, from NamingSystem resources. */
        final Map<String, String> aliases = new HashMap<>();
    }

    private final FhirContext fhir;
    /** The jar's own resources (name → JSON), read once: every reload starts from them. */
    private final Map<String, String> bundled = new LinkedHashMap<>();
    private volatile Tables tables;

    public Terminology(FhirContext fhir, @Value("${vigil.terminology.dir:}") String siteDir) {
        this.fhir = fhir;
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        try {
            Resource[] resources = resolver.getResources("classpath*:terminology/*.json");
            java.util.Arrays.sort(resources, java.util.Comparator.comparing(Resource::getFilename));
            for (Resource resource : resources) {
                try (InputStream in = resource.getInputStream()) {
                    bundled.put("jar:terminology/" + resource.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled ConceptMaps", e);
        }
        Map<String, String> site = new LinkedHashMap<>();
        if (siteDir != null && !siteDir.isBlank()) {
            Path dir = Path.of(siteDir);
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("vigil.terminology.dir " + dir.toAbsolutePath() + " is not a folder");
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    site.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read ConceptMaps in " + dir, e);
            }
        }
        tables = build(site);
        LOG.info("Terminology: {} ConceptMaps loaded ({})", tables.loaded.size(), String.join(", ", tables.loaded));
    }

    /**
     * Checks a site's resources (origin → FHIR JSON, in the order to read them) without using them:
     * the jar's and these, as {@link #use} would read them. Throws {@link IllegalStateException}
     * saying what is wrong.
     */
    public void check(Map<String, String> site) {
        build(site);
    }

    /**
     * From now on, the jar's resources and these site ones (origin → FHIR JSON, read in this
     * order): built whole and then swapped in, so a translation in progress finishes with the maps
     * it started with. A resource that is not valid changes nothing and throws
     * {@link IllegalStateException} saying why.
     */
    public void use(Map<String, String> site) {
        Tables next = build(site);
        tables = next;
        LOG.info("Terminology: now {} ConceptMaps ({})", next.loaded.size(), String.join(", ", next.loaded));
    }

    private Tables build(Map<String, String> site) {
        Tables next = new Tables();
        bundled.forEach((origin, json) -> add(next, origin, json));
        site.forEach((origin, json) -> add(next, origin, json));
        return next;
    }

    /**
     * Other identifiers of a code system (its OID, {@code urn:oid:2.16.840.1.113883.6.24} for MDC)
     * from a NamingSystem: a coding in any of them is read as in the system's preferred URI.
     */
    private static void addAliases(Tables tables, String origin, NamingSystem names) {
        String preferred = names.getUniqueId().stream()
                .filter(id -> id.getType() == NamingSystem.NamingSystemIdentifierType.URI && id.getPreferred())
                .map(NamingSystem.NamingSystemUniqueIdComponent::getValue).findFirst()
                .orElseThrow(() -> new IllegalStateException("NamingSystem " + origin + " has no preferred uri"));
        for (NamingSystem.NamingSystemUniqueIdComponent id : names.getUniqueId()) {
            String alias = id.getType() == NamingSystem.NamingSystemIdentifierType.OID && !id.getValue().startsWith("urn:oid:")
                    ? "urn:oid:" + id.getValue() : id.getValue();
            if (!alias.equals(preferred)) {
                tables.aliases.put(alias, preferred);
            }
        }
        tables.loaded.add(names.hasUrl() ? names.getUrl() : origin);
    }

    /** A code system's preferred URI, for any identifier a NamingSystem gives it. */
    public String system(String system) {
        return system == null ? null : tables.aliases.getOrDefault(system, system);
    }

    /** The ConceptMaps in use, by url, in the order they were read. */
    public List<String> conceptMaps() {
        return List.copyOf(tables.loaded);
    }

    private void add(Tables tables, String origin, String json) {
        org.hl7.fhir.instance.model.api.IBaseResource resource;
        try {
            resource = fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler()).parseResource(json);
        } catch (DataFormatException e) {
            // A broken map must stop start-up: running without it would refuse, or misread, what it translates.
            throw new IllegalStateException("ConceptMap " + origin + " is not valid FHIR R4 JSON: " + e.getMessage(), e);
        }
        if (resource instanceof NamingSystem names) {
            addAliases(tables, origin, names);
            return;
        }
        if (!(resource instanceof ConceptMap map)) {
            throw new IllegalStateException(origin + " is a " + resource.fhirType() + "; the terminology folder holds ConceptMap and NamingSystem resources");
        }
        String name = map.hasUrl() ? map.getUrl() : origin;
        for (ConceptMap.ConceptMapGroupComponent group : map.getGroup()) {
            if (!group.hasSource() || !group.hasTarget()) {
                throw new IllegalStateException("ConceptMap " + origin + ": every group needs a source and a target system");
            }
            boolean labels = TEXT_LABEL.equals(group.getSource()) || UNIT_LABEL.equals(group.getSource());
            Map<String, Map<String, Target>> bySource = tables.maps.computeIfAbsent(group.getSource(), s -> new HashMap<>());
            for (ConceptMap.SourceElementComponent element : group.getElement()) {
                // Every code a map declares is covered: a code, and a target with a code and an
                // equivalence (or "unmatched" saying it has none).
                if (!element.hasCode()) {
                    throw new IllegalStateException("ConceptMap " + origin + ": an element of group " + group.getSource() + " has no code");
                }
                if (!element.hasTarget()) {
                    throw new IllegalStateException("ConceptMap " + origin + ": code " + element.getCode() + " of " + group.getSource()
                            + " has no target (say equivalence \"unmatched\" if it has none)");
                }
                for (ConceptMap.TargetElementComponent target : element.getTarget()) {
                    if (!target.hasEquivalence()) {
                        throw new IllegalStateException("ConceptMap " + origin + ": the target of " + element.getCode() + " has no equivalence");
                    }
                    if (target.getEquivalence() != ConceptMapEquivalence.UNMATCHED && !target.hasCode()) {
                        throw new IllegalStateException("ConceptMap " + origin + ": the target of " + element.getCode() + " has no code");
                    }
                    if (!USABLE.contains(target.getEquivalence())) {
                        continue; // narrower, inexact, unmatched...: not the same thing, never used to read a value
                    }
                    String code = labels ? label(element.getCode()) : element.getCode();
                    bySource.computeIfAbsent(code, c -> new LinkedHashMap<>()).put(group.getTarget(),
                            new Target(group.getTarget(), target.getCode(), name, target.getEquivalence().toCode()));
                }
            }
        }
        tables.loaded.add(name);
    }

    /**
     * The LOINC code of a concept: a coding Vigil knows as sent, else one a ConceptMap translates
     * from any coding, else any LOINC coding it has (one Vigil does not read), else one a ConceptMap
     * translates from its text or its codings' displays.
     *
     * @param known the LOINC codes the caller reads
     */
    public Optional<Resolved> loinc(CodeableConcept concept, Set<String> known) {
        if (concept == null) {
            return Optional.empty();
        }
        if (concept.getCoding().stream().noneMatch(coding -> aliased(coding.getSystem()))) {
            return resolve(concept, known); // the usual case: nothing to copy
        }
        List<String> aliased = new ArrayList<>();
        CodeableConcept read = concept.copy();
        for (Coding coding : read.getCoding()) {
            if (aliased(coding.getSystem())) {
                aliased.add(aliasNote(coding.getSystem()));
                coding.setSystem(system(coding.getSystem()));
            }
        }
        return resolve(read, known).map(r -> new Resolved(r.code(),
                java.util.stream.Stream.concat(aliased.stream(), r.translations().stream()).toList()));
    }

    /** Whether a system is another identifier (an OID) of a code system with a preferred URI. */
    private boolean aliased(String system) {
        return system != null && tables.aliases.containsKey(system);
    }

    private String aliasNote(String system) {
        return system + " read as " + system(system) + " (NamingSystem)";
    }

    private Optional<Resolved> resolve(CodeableConcept concept, Set<String> known) {
        for (Coding coding : concept.getCoding()) {
            // hasCode first: an immutable set refuses to be asked about null (found by IngestFuzzTest).
            if (LOINC.equals(coding.getSystem()) && coding.hasCode() && known.contains(coding.getCode())) {
                return Optional.of(new Resolved(coding.getCode(), List.of()));
            }
        }
        Optional<Resolved> unread = Optional.empty();
        for (Coding coding : concept.getCoding()) {
            if (coding.hasSystem() && coding.hasCode()) {
                Optional<Resolved> translated = translate(coding.getSystem(), coding.getCode(), LOINC, known);
                if (translated.isPresent() && known.contains(translated.get().code())) {
                    return translated;
                }
                unread = unread.isPresent() ? unread : translated;
            }
        }
        Optional<Resolved> sentLoinc = concept.getCoding().stream().filter(c -> LOINC.equals(c.getSystem()) && c.hasCode())
                .findFirst().map(c -> new Resolved(c.getCode(), List.of()));
        if (sentLoinc.isPresent()) {
            return sentLoinc; // a LOINC code Vigil does not read: its text does not overrule it
        }
        if (unread.isPresent()) {
            return unread; // translated, to a code Vigil does not read
        }
        List<String> labels = new ArrayList<>();
        if (concept.hasText()) {
            labels.add(concept.getText());
        }
        concept.getCoding().stream().filter(Coding::hasDisplay).map(Coding::getDisplay).forEach(labels::add);
        for (String text : labels) {
            Optional<Resolved> translated = translate(TEXT_LABEL, label(text), LOINC, known);
            if (translated.isPresent() && known.contains(translated.get().code())) {
                return translated;
            }
        }
        return Optional.empty();
    }

    /**
     * The UCUM unit of a quantity, when it is one of {@code accepted}: as sent (system UCUM), or
     * translated. A coded unit is read by its code only: from another system (MDC units) through
     * its map, and a UCUM or system-less code that is a known spelling ({@code mmHg}) through the
     * unit spellings. Only a quantity with no code at all is read by its human-readable
     * {@code unit}: a code says what the number means, its display text never overrules it.
     */
    public Optional<Resolved> ucum(Quantity quantity, Set<String> accepted) {
        return unit(quantity, accepted).filter(resolved -> accepted.contains(resolved.code()));
    }

    private Optional<Resolved> unit(Quantity quantity, Set<String> accepted) {
        if (aliased(quantity.getSystem())) {
            String note = aliasNote(quantity.getSystem());
            Quantity read = quantity.copy().setSystem(system(quantity.getSystem()));
            return unit(read, accepted).map(r -> new Resolved(r.code(),
                    java.util.stream.Stream.concat(java.util.stream.Stream.of(note), r.translations().stream()).toList()));
        }
        String code = quantity.hasCode() ? quantity.getCode().strip() : null;
        if (code != null) {
            if (quantity.hasSystem() && !UCUM.equals(quantity.getSystem())) {
                return translate(quantity.getSystem(), code, UCUM, accepted);
            }
            if (accepted.contains(code)) {
                return Optional.of(new Resolved(code, quantity.hasSystem() ? List.of()
                        : List.of("unit code '" + code + "' without a system read as UCUM")));
            }
            return translate(UNIT_LABEL, label(code), UCUM, accepted);
        }
        if (quantity.hasSystem() || !quantity.hasUnit()) {
            return Optional.empty(); // a system without a code names no unit
        }
        String unit = quantity.getUnit().strip();
        if (accepted.contains(unit)) {
            return Optional.of(new Resolved(unit, List.of("unit '" + unit + "' without a system read as UCUM")));
        }
        return translate(UNIT_LABEL, label(unit), UCUM, accepted);
    }

    /**
     * Follows the maps from a code towards the target system: the first target Vigil wants, else the
     * last target reached (a code Vigil does not read, which its caller counts as not used), else empty.
     */
    private Optional<Resolved> translate(String system, String code, String targetSystem, Set<String> wanted) {
        List<String> steps = new ArrayList<>();
        String currentSystem = system;
        String current = code;
        for (int step = 0; step < MAX_CHAIN; step++) {
            Map<String, Target> targets = tables.maps.getOrDefault(currentSystem, Map.of()).get(current);
            if (targets == null || !targets.containsKey(targetSystem)) {
                break;
            }
            Target target = targets.get(targetSystem);
            steps.add(describe(currentSystem, current) + " -> " + target.code() + " (" + target.equivalence() + ", " + target.map() + ")");
            currentSystem = targetSystem;
            current = target.code();
            if (wanted.contains(current)) {
                break;
            }
        }
        return steps.isEmpty() ? Optional.empty() : Optional.of(new Resolved(current, List.copyOf(steps)));
    }

    private static String describe(String system, String code) {
        if (TEXT_LABEL.equals(system)) {
            return "text '" + code + "'";
        }
        if (UNIT_LABEL.equals(system)) {
            return "unit '" + code + "'";
        }
        return system + "|" + code;
    }

    /** How labels are compared: lower case, without spaces. */
    static String label(String text) {
        return text.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
    }
}
