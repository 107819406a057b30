package org.vigil.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The specialties with everything that follows from their one block of configuration: topic,
 * collection, index and readers, with the site's prefixes applied. Routing, the stores, topic
 * administration, the access matrix and the generated Connect configuration all read them here.
 */
public final class Specialties {

    /**
     * @param pseudonymise a keyed pseudonym instead of the patient id, and of the record id (research)
     * @param dates        how its messages' times are de-identified
     * @param collection   the MongoDB collection, prefixed
     * @param index        the Elasticsearch index, prefixed; null when the specialty is not indexed
     */
    public record Specialty(String name, String topic, List<String> when, List<String> fields, boolean pseudonymise,
                            Dates dates, String collection, String index, List<String> readers) {
    }

    /** What a specialty's messages say of when a reading was taken. */
    public enum Dates {
        /** The time as measured. */
        KEEP,
        /** The day only (midnight UTC). */
        DAY,
        /** The month only (its first day, midnight UTC). */
        MONTH,
        /** Moved by a whole number of days, the same for all of a patient's records (keyed by the pseudonym key). */
        SHIFT;

        static Dates of(String specialty, String value) {
            if (value == null || value.isBlank()) {
                return KEEP;
            }
            try {
                return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw new IllegalStateException("vigil.specialties." + specialty + ".dates is '" + value + "': use keep, day, month or shift");
            }
        }
    }

    private final List<Specialty> all;
    private final Map<String, Specialty> byName = new java.util.HashMap<>();

    private Specialties(List<Specialty> all) {
        this.all = List.copyOf(all);
        all.forEach(specialty -> byName.put(specialty.name(), specialty));
    }

    public static Specialties of(VigilProperties vigil, SpecialtyProperties definitions) {
        return of(vigil, definitions.specialties());
    }

    public static Specialties of(VigilProperties vigil, Map<String, SpecialtyProperties.Definition> definitions) {
        List<Specialty> all = new ArrayList<>();
        definitions.forEach((name, d) -> all.add(new Specialty(name,
                present(d.topic()) ? d.topic() : vigil.kafka().topicPrefix() + name,
                d.when(), d.fields(), d.pseudonymise(), Dates.of(name, d.dates()),
                vigil.mongodb().collection(present(d.collection()) ? d.collection() : name),
                d.index() ? vigil.elasticsearch().indexPrefix() + name : null,
                d.readers())));
        return new Specialties(all);
    }

    public List<Specialty> all() {
        return all;
    }

    public Specialty named(String name) {
        Specialty specialty = byName.get(name);
        if (specialty == null) {
            throw new IllegalArgumentException("no specialty " + name + " in vigil.specialties");
        }
        return specialty;
    }

    public List<String> topics() {
        return all.stream().map(Specialty::topic).toList();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
