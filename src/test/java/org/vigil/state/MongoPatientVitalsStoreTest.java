package org.vigil.state;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.clinical.News2.Parameter;
import org.vigil.clinical.VitalsHistory;
import org.vigil.record.PatientLocation;
import org.vigil.testsupport.InMemoryMongo;

import static org.assertj.core.api.Assertions.assertThat;

/** The NEWS2 history as saved: every part of it comes back, in the compact form and in the one written before it. */
class MongoPatientVitalsStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    @RegisterExtension
    final InMemoryMongo mongo = new InMemoryMongo();

    private static VitalsHistory history() {
        return VitalsHistory.of(Map.of(
                        Parameter.PULSE, List.of(new VitalsHistory.Reading(88.0, T0, 2, 40L, "Observation/hr-1"),
                                new VitalsHistory.Reading(131.5, T0.plusSeconds(60), 2, 41L, "Observation/hr-2", 2, 57L)),
                        Parameter.AIR_OR_OXYGEN, List.of(new VitalsHistory.Reading(true, T0, 2, 42L, null)),
                        Parameter.CONSCIOUSNESS, List.of(new VitalsHistory.Reading("CONFUSION", T0, 2, 43L, "Observation/acvpu"))),
                List.of(new VitalsHistory.Located(new PatientLocation("W7", "12", "B", "General", "A02", T0.minusSeconds(600)), 2, 39L)),
                List.of(new VitalsHistory.Prescribed(true, 2, 38L), new VitalsHistory.Prescribed(false, 2, 44L)));
    }

    @Test
    void aSavedHistoryIsReadBackWhole() {
        MongoPatientVitalsStore store = new MongoPatientVitalsStore(mongo.client(), "vigil", "news2");
        store.save(Map.of("Patient/1", history()));

        Map<String, VitalsHistory> read = store.load(List.of("Patient/1", "Patient/unknown"));

        assertThat(read).containsOnlyKeys("Patient/1");
        assertThat(read.get("Patient/1").readings()).isEqualTo(history().readings());
        assertThat(read.get("Patient/1").locations()).isEqualTo(history().locations());
        assertThat(read.get("Patient/1").prescriptions()).isEqualTo(history().prescriptions());
        Document saved = mongo.client().getDatabase("vigil").getCollection("news2").find(new Document("_id", "Patient/1")).first();
        assertThat(saved.keySet()).as("one compact field, not a document per reading").containsExactly("_id", "history");
        assertThat(saved.get("history")).as("bytes, which the driver copies whole, not a string it encodes a character at a time")
                .isInstanceOf(org.bson.types.Binary.class);
    }

    @Test
    void aHistorySavedAsAStringIsStillRead() {
        String json = new String(HistoryJson.write(history()), java.nio.charset.StandardCharsets.UTF_8);
        mongo.client().getDatabase("vigil").getCollection("news2").insertOne(new Document("_id", "Patient/1").append("history", json));
        MongoPatientVitalsStore store = new MongoPatientVitalsStore(mongo.client(), "vigil", "news2");

        VitalsHistory read = store.load(List.of("Patient/1")).get("Patient/1");

        assertThat(read.readings()).isEqualTo(history().readings());
        assertThat(read.locations()).isEqualTo(history().locations());
        assertThat(read.prescriptions()).isEqualTo(history().prescriptions());
    }

    @Test
    void aHistorySavedBeforeTheCompactFormIsStillRead() {
        mongo.client().getDatabase("vigil").getCollection("news2").insertOne(new Document("_id", "Patient/1")
                .append("readings", new Document("PULSE", List.of(
                        new Document("value", 88.0).append("at", Date.from(T0)).append("partition", 2).append("offset", 40L)
                                .append("recordId", "Observation/hr-1"),
                        new Document("value", 131.5).append("at", Date.from(T0.plusSeconds(60))).append("partition", 2).append("offset", 41L)
                                .append("recordId", "Observation/hr-2").append("supersededPartition", 2).append("supersededOffset", 57L)))
                        .append("AIR_OR_OXYGEN", List.of(new Document("value", true).append("at", Date.from(T0)).append("partition", 2)
                                .append("offset", 42L)))
                        .append("CONSCIOUSNESS", List.of(new Document("value", "CONFUSION").append("at", Date.from(T0)).append("partition", 2)
                                .append("offset", 43L).append("recordId", "Observation/acvpu"))))
                .append("locations", List.of(new Document("ward", "W7").append("room", "12").append("bed", "B").append("facility", "General")
                        .append("event", "A02").append("since", Date.from(T0.minusSeconds(600))).append("partition", 2).append("offset", 39L))));
        MongoPatientVitalsStore store = new MongoPatientVitalsStore(mongo.client(), "vigil", "news2");

        VitalsHistory read = store.load(List.of("Patient/1")).get("Patient/1");

        assertThat(read.readings()).isEqualTo(history().readings());
        assertThat(read.locations()).isEqualTo(history().locations());
    }

    @Test
    void aPrescriptionKeptAsADocumentOfItsOwnIsReadWithThePatientsHistory() {
        MongoPatientVitalsStore store = new MongoPatientVitalsStore(mongo.client(), "vigil", "news2");
        store.save(Map.of("Patient/1", VitalsHistory.of(history().readings(), List.of())));
        // Before prescriptions joined the history, each was a document of its own.
        mongo.client().getDatabase("vigil").getCollection("news2").insertOne(new Document("_id", "prescription|Patient/1")
                .append("patientId", "Patient/1").append("hypercapnicRespiratoryFailure", true));

        VitalsHistory read = store.load(List.of("Patient/1")).get("Patient/1");

        assertThat(read.spo2Scale2At(2, 0L)).as("every record has seen it").isTrue();
        // Once the history has its own, that is what counts.
        read.prescribe(new VitalsHistory.Prescribed(false, 2, 50L));
        store.save(Map.of("Patient/1", read));
        assertThat(store.load(List.of("Patient/1")).get("Patient/1").spo2Scale2At(2, 60L)).isFalse();
    }
}
