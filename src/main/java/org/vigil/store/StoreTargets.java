package org.vigil.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.vigil.config.Specialties;
import org.vigil.config.VigilProperties;

/**
 * Where each topic's messages are stored, as the specialties define it: the classified topic to
 * the records collection (patients_record) and the observations and anomalies indices; each
 * specialty's topic to its collection, and to its own index when it has one.
 */
@Component
public class StoreTargets {

    /** A collection and the field that names the patient in it (a pseudonym where the specialty pseudonymises). */
    public record Collection(String name, String patientField) {
    }

    private final String classifiedTopic;
    private final Map<String, Collection> collectionByTopic = new LinkedHashMap<>();
    private final Map<String, String> indexByTopic = new LinkedHashMap<>();

    public StoreTargets(VigilProperties vigil, Specialties specialties) {
        this.classifiedTopic = vigil.kafka().topics().classified();
        collectionByTopic.put(classifiedTopic, new Collection(vigil.mongodb().records(), "patientId"));
        for (Specialties.Specialty specialty : specialties.all()) {
            collectionByTopic.put(specialty.topic(), new Collection(specialty.collection(),
                    specialty.pseudonymise() ? "pseudonym" : "patientId"));
            if (specialty.index() != null) {
                indexByTopic.put(specialty.topic(), specialty.index());
            }
        }
    }

    public Optional<String> collectionFor(String topic) {
        return Optional.ofNullable(collectionByTopic.get(topic)).map(Collection::name);
    }

    public List<Collection> collections() {
        return new ArrayList<>(collectionByTopic.values());
    }

    public boolean isClassified(String topic) {
        return classifiedTopic.equals(topic);
    }

    /** The index of a specialty that has one. */
    public Optional<String> specialtyIndexFor(String topic) {
        return Optional.ofNullable(indexByTopic.get(topic));
    }

    public List<String> specialtyIndices() {
        return List.copyOf(indexByTopic.values());
    }
}
