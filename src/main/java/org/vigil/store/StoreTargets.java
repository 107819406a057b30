package org.vigil.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.vigil.config.VigilProperties;
import org.vigil.routing.RoutingProperties;

/**
 * Which collection a topic's messages are written to: the classified topic to the records
 * collection (patients_record), each destination's topic to the collection named after the
 * destination (cardiology, emergency, ...). Only classified records are indexed in Elasticsearch.
 */
@Component
public class StoreTargets {

    private final String classifiedTopic;
    private final Map<String, String> collectionByTopic = new HashMap<>();

    public StoreTargets(VigilProperties vigil, RoutingProperties routing) {
        this.classifiedTopic = vigil.kafka().topics().classified();
        collectionByTopic.put(classifiedTopic, vigil.mongodb().records());
        routing.destinations().forEach((name, destination) ->
                collectionByTopic.put(destination.topic(), vigil.mongodb().collection(name)));
    }

    public Optional<String> collectionFor(String topic) {
        return Optional.ofNullable(collectionByTopic.get(topic));
    }

    public Iterable<String> collections() {
        return collectionByTopic.values();
    }

    public boolean isClassified(String topic) {
        return classifiedTopic.equals(topic);
    }
}
