package org.vigil.store;

import java.util.LinkedHashMap;
import java.util.Map;

import org.vigil.event.EventFields;

/**
 * A retraction message ({@link EventFields#RETRACTED}: a classified or specialty record's retraction) does not replace the stored
 * document: it marks the record with its id as retracted (entered in error), keeping what was
 * stored, so a reader sees both the value and that it must not be used. A store that never had
 * the record has nothing to mark.
 */
final class Retractions {

    private Retractions() {
    }

    static boolean isRetraction(Map<String, Object> document) {
        return Boolean.TRUE.equals(document.get(EventFields.RETRACTED));
    }

    /** The fields a retraction sets on the stored record. */
    static Map<String, Object> marks(Map<String, Object> retraction) {
        Map<String, Object> marks = new LinkedHashMap<>();
        marks.put(EventFields.RETRACTED, true);
        marks.put(EventFields.STATUS, retraction.get(EventFields.STATUS));
        marks.put(EventFields.RETRACTED_BY, retraction.get(EventFields.RETRACTED_BY));
        return marks;
    }
}
