package org.vigil.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The specialties ({@code vigil.specialties.*} in application.yaml): one block each, the only place
 * a specialty is defined. Everything else follows from it (see {@link Specialties}): its Kafka topic,
 * the fields its messages carry, its MongoDB collection, its Elasticsearch index and the MongoDB
 * roles that may read it. Maps keep the order of application.yaml.
 */
@ConfigurationProperties(prefix = "vigil")
public record SpecialtyProperties(Map<String, Definition> specialties) {

    /**
     * One specialty.
     *
     * @param when         the facts any one of which sends a record here (see {@code event.Trigger})
     * @param fields       what its messages carry beyond the common fields (see {@code routing.SpecialtyProjections})
     * @param pseudonymise a keyed pseudonym instead of the patient id (research)
     * @param readers      MongoDB roles that may read its collection
     * @param topic        its Kafka topic; default {@code <vigil.kafka.topic-prefix><name>}
     * @param collection   its MongoDB collection; default its name (after {@code vigil.mongodb.collection-prefix})
     * @param index        also index its messages in Elasticsearch, as {@code <vigil.elasticsearch.index-prefix><name>}
     * @param dates        what its messages say of when: {@code keep} (default), {@code day} or {@code month}
     *                     (truncated, UTC), {@code shift} (moved by a keyed offset per patient, intervals kept)
     */
    public record Definition(List<String> when, List<String> fields, boolean pseudonymise, List<String> readers,
                             String topic, String collection, boolean index, String dates) {

        public Definition {
            when = when == null ? List.of() : List.copyOf(when);
            fields = fields == null ? List.of() : List.copyOf(fields);
            readers = readers == null ? List.of() : List.copyOf(readers);
        }
    }

    public SpecialtyProperties {
        specialties = specialties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(specialties));
    }
}
