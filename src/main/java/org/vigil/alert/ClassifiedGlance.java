package org.vigil.alert;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.vigil.event.EventFields;

/**
 * A classified record read only as far as deciding whether it can change an alert: its patient,
 * whether it has an anomaly, whether it is a retraction, whether it carries a device's alarm. Most records are normal readings of
 * patients without an active alert; they are not read further (the whole event is read only for
 * the others, {@link org.vigil.event.ClassifiedRecord}). The top level is scanned once, every
 * nested value skipped.
 */
record ClassifiedGlance(String patientId, boolean anomalous, boolean retracted, boolean alarm) {

    static ClassifiedGlance of(JsonFactory factory, String json) throws JsonProcessingException {
        String patientId = null;
        boolean anomalous = false;
        boolean retracted = false;
        boolean alarm = false;
        try (JsonParser parser = factory.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "a classified record is a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case EventFields.PATIENT_ID -> patientId = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case EventFields.ANOMALIES -> {
                        if (value == JsonToken.START_ARRAY) {
                            anomalous = parser.nextToken() != JsonToken.END_ARRAY;
                            if (anomalous) {
                                parser.skipChildren();
                                while (parser.nextToken() != JsonToken.END_ARRAY) {
                                    parser.skipChildren();
                                }
                            }
                        }
                    }
                    case EventFields.RETRACTED -> retracted = value == JsonToken.VALUE_TRUE;
                    case EventFields.ALARM -> {
                        alarm = value == JsonToken.START_OBJECT;
                        parser.skipChildren();
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail on I/O", e);
        }
        return new ClassifiedGlance(patientId, anomalous, retracted, alarm);
    }
}
