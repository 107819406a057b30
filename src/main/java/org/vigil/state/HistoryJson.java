package org.vigil.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vigil.clinical.News2.Parameter;
import org.vigil.clinical.VitalsHistory;
import org.vigil.record.PatientLocation;

/**
 * A patient's NEWS2 history as one compact JSON document in UTF-8 bytes, the form
 * {@link MongoPatientVitalsStore} saves: every batch rewrites the history of each patient it
 * touched, so its size in fields is what the driver encodes and the server stores, per record at
 * a ward's rate. Saved as BSON binary, which the driver copies in one go; a string of the same
 * length is encoded a character at a time, which was most of the cost of the state write.
 * Histories saved as a string before are still read. Positional arrays instead of a document per
 * reading:
 *
 * <pre>{"v":1,
 *  "readings":{"HEART_RATE":[[value, at (epoch ms), partition, offset, recordId, supersededPartition, supersededOffset], ...], ...},
 *  "locations":[[ward, room, bed, facility, event, since (epoch ms), partition, offset], ...],
 *  "prescriptions":[[SpO2 scale 2 (boolean), partition, offset], ...]}</pre>
 *
 * A value is a number, a boolean (on oxygen) or an ACVPU level's name; absent parts are null.
 */
final class HistoryJson {

    static final int VERSION = 1;
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper READER = new ObjectMapper(FACTORY);

    private HistoryJson() {
    }

    static byte[] write(VitalsHistory history) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
        try (JsonGenerator out = FACTORY.createGenerator(bytes, JsonEncoding.UTF8)) {
            out.writeStartObject();
            out.writeNumberField("v", VERSION);
            out.writeObjectFieldStart("readings");
            for (Map.Entry<Parameter, List<VitalsHistory.Reading>> entry : history.readings().entrySet()) {
                out.writeArrayFieldStart(entry.getKey().name());
                for (VitalsHistory.Reading reading : entry.getValue()) {
                    out.writeStartArray();
                    value(out, reading.value());
                    out.writeNumber(reading.at().toEpochMilli());
                    out.writeNumber(reading.partition());
                    out.writeNumber(reading.offset());
                    string(out, reading.recordId());
                    number(out, reading.supersededPartition());
                    number(out, reading.supersededOffset());
                    out.writeEndArray();
                }
                out.writeEndArray();
            }
            out.writeEndObject();
            out.writeArrayFieldStart("locations");
            for (VitalsHistory.Located located : history.locations()) {
                PatientLocation where = located.location();
                out.writeStartArray();
                string(out, where.ward());
                string(out, where.room());
                string(out, where.bed());
                string(out, where.facility());
                string(out, where.event());
                out.writeNumber(where.since().toEpochMilli());
                out.writeNumber(located.partition());
                out.writeNumber(located.offset());
                out.writeEndArray();
            }
            out.writeEndArray();
            if (!history.prescriptions().isEmpty()) {
                out.writeArrayFieldStart("prescriptions");
                for (VitalsHistory.Prescribed prescribed : history.prescriptions()) {
                    out.writeStartArray();
                    out.writeBoolean(prescribed.spo2Scale2());
                    out.writeNumber(prescribed.partition());
                    out.writeNumber(prescribed.offset());
                    out.writeEndArray();
                }
                out.writeEndArray();
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static VitalsHistory read(byte[] json) {
        try {
            return read(READER.readTree(json));
        } catch (IOException e) {
            throw new IllegalStateException("a saved NEWS2 history cannot be read: " + e.getMessage(), e);
        }
    }

    /** A history saved as a JSON string, before it was saved as bytes. */
    static VitalsHistory read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static VitalsHistory read(JsonNode root) {
        if (root.path("v").asInt() != VERSION) {
            throw new IllegalStateException("a saved NEWS2 history has version " + root.path("v") + "; this Vigil reads " + VERSION);
        }
        Map<Parameter, List<VitalsHistory.Reading>> readings = new EnumMap<>(Parameter.class);
        root.path("readings").fields().forEachRemaining(entry -> {
            List<VitalsHistory.Reading> list = new ArrayList<>(entry.getValue().size());
            for (JsonNode r : entry.getValue()) {
                list.add(new VitalsHistory.Reading(value(r.get(0)), Instant.ofEpochMilli(r.get(1).asLong()), r.get(2).asInt(),
                        r.get(3).asLong(), r.get(4).isNull() ? null : r.get(4).asText(),
                        r.get(5).isNull() ? null : r.get(5).asInt(), r.get(6).isNull() ? null : r.get(6).asLong()));
            }
            readings.put(Parameter.valueOf(entry.getKey()), list);
        });
        List<VitalsHistory.Located> locations = new ArrayList<>();
        for (JsonNode l : root.path("locations")) {
            locations.add(new VitalsHistory.Located(new PatientLocation(text(l.get(0)), text(l.get(1)), text(l.get(2)), text(l.get(3)),
                    text(l.get(4)), Instant.ofEpochMilli(l.get(5).asLong())), l.get(6).asInt(), l.get(7).asLong()));
        }
        List<VitalsHistory.Prescribed> prescriptions = new ArrayList<>();
        for (JsonNode p : root.path("prescriptions")) {
            prescriptions.add(new VitalsHistory.Prescribed(p.get(0).asBoolean(), p.get(1).asInt(), p.get(2).asLong()));
        }
        return VitalsHistory.of(readings, locations, prescriptions);
    }

    private static void value(JsonGenerator out, Object value) throws IOException {
        if (value instanceof Number number) {
            out.writeNumber(number.doubleValue());
        } else if (value instanceof Boolean flag) {
            out.writeBoolean(flag);
        } else if (value == null) {
            out.writeNull();
        } else {
            out.writeString(value.toString());
        }
    }

    private static Object value(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.isNull() ? null : node.asText();
    }

    private static void string(JsonGenerator out, String value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else {
            out.writeString(value);
        }
    }

    private static void number(JsonGenerator out, Number value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else {
            out.writeNumber(value.longValue());
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
