package org.vigil.store;

import java.util.List;
import java.util.Map;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.vigil.config.VigilProperties;
import org.vigil.config.Specialties;
import org.vigil.config.SpecialtyProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MongoBulksTest {

    private static final VigilProperties PROPERTIES = new VigilProperties(
            new VigilProperties.Kafka("k", "v.", new VigilProperties.Topics("v.records", "v.classified", "v.dlq", "v.raw", "v.alerts", "v.alert-commands")),
            new VigilProperties.Mongodb("vigil", "p_", "patients_record"), new VigilProperties.Elasticsearch("vigil-", "", 1, 0));

    private final MongoBulks bulks = new MongoBulks(new StoreTargets(PROPERTIES, Specialties.of(PROPERTIES, new java.util.LinkedHashMap<>(Map.of(
            "cardiology", new SpecialtyProperties.Definition(List.of("always"), List.of(), false, List.of(), null, null, false, null),
            "research", new SpecialtyProperties.Definition(List.of("always"), List.of(), true, List.of(), null, null, false, null))))));

    private static StoredMessage message(String topic, long offset, String value) {
        return new StoredMessage(topic, 0, offset, "Patient/1", value);
    }

    @Test
    void oneBulkPerCollectionWithTheRecordIdAsId() {
        List<MongoBulk> result = bulks.byCollection(List.of(
                message("v.classified", 0, "{\"recordId\":\"r1\",\"x\":1}"),
                message("v.cardiology", 0, "{\"recordId\":\"r1\",\"chestPain\":\"ASYMPTOMATIC\"}"),
                message("v.classified", 1, "{\"recordId\":\"r2\"}"),
                message("v.unknown", 0, "{\"recordId\":\"r3\"}")));
        assertThat(result).extracting(MongoBulk::getCollection).containsExactly("p_patients_record", "p_cardiology");
        assertThat(result.get(0).pending()).extracting(e -> e.document().get("_id")).containsExactly("r1", "r2");
        assertThat(result.get(0).getRejections()).isEmpty();
    }

    @Test
    void aMessageThatCannotBeADocumentIsRefusedAloneBeforeWriting() {
        List<MongoBulk> result = bulks.byCollection(List.of(
                message("v.classified", 0, "{\"recordId\":\"r1\"}"),
                message("v.classified", 1, "not json"),
                message("v.classified", 2, "{\"noId\":true}")));
        assertThat(result).hasSize(1);
        assertThat(result.get(0).pending()).hasSize(1);
        assertThat(result.get(0).getRejections()).extracting(StoreRejection::reason)
                .anySatisfy(r -> assertThat(r).startsWith("not a JSON object"))
                .anySatisfy(r -> assertThat(r).contains("no recordId"));
        assertThat(result.get(0).getRejections()).allSatisfy(r -> assertThat(r.target()).isEqualTo("p_patients_record"));
    }

    @Test
    void aRetractionMarksTheStoredRecordAndOneWrittenInTheSameBulkIsWrittenMarked() {
        String retraction = "{\"retracted\":true,\"recordId\":\"r1\",\"status\":\"entered-in-error\",\"retractedBy\":\"http:x\"}";
        MongoBulk bulk = bulks.byCollection(List.of(
                message("v.classified", 0, "{\"recordId\":\"r1\",\"vitals\":{\"systolicMmHg\":190.0}}"),
                message("v.classified", 1, retraction),
                message("v.classified", 2, "{\"recordId\":\"r2\",\"retracted\":true,\"status\":\"entered-in-error\"}"))).get(0);

        var requests = bulks.requests(bulk);
        assertThat(requests.get(0)).isInstanceOf(com.mongodb.client.model.ReplaceOneModel.class);
        org.bson.Document replaced = ((com.mongodb.client.model.ReplaceOneModel<org.bson.Document>) requests.get(0)).getReplacement();
        assertThat(replaced).containsEntry("retracted", true).containsEntry("status", "entered-in-error").containsKey("vitals");
        assertThat(requests.get(1)).isInstanceOf(com.mongodb.client.model.UpdateOneModel.class);
        var update = (com.mongodb.client.model.UpdateOneModel<org.bson.Document>) requests.get(2);
        assertThat(update.getOptions().isUpsert()).as("a collection that never had r2 has nothing to mark").isFalse();
        assertThat(((org.bson.Document) update.getUpdate()).get("$set", org.bson.Document.class))
                .containsEntry("retracted", true).doesNotContainKey("vitals");
    }

    @Test
    void aDocumentOverMongoDbsLimitIsRefused() {
        String huge = "{\"recordId\":\"big\",\"blob\":\"" + "x".repeat(MongoBulks.MAX_DOCUMENT_BYTES) + "\"}";
        assertThatThrownBy(() -> MongoBulks.document(message("v.classified", 0, huge)))
                .hasMessageContaining("exceeds MongoDB's");
    }

    @Test
    void permanentWriteErrorsAreRefusedAndTransientOnesRetriedAlone() {
        MongoBulk bulk = bulks.byCollection(List.of(
                message("v.classified", 0, "{\"recordId\":\"a\"}"),
                message("v.classified", 1, "{\"recordId\":\"b\"}"),
                message("v.classified", 2, "{\"recordId\":\"c\"}"))).get(0);
        MongoBulkWriteException failure = new MongoBulkWriteException(BulkWriteResult.unacknowledged(),
                List.of(new BulkWriteError(10334, "BSONObjectTooLarge", new BsonDocument(), 0),
                        new BulkWriteError(91, "ShutdownInProgress", new BsonDocument(), 2)),
                null, new ServerAddress(), java.util.Set.of());

        assertThatThrownBy(() -> bulks.partlyWritten(bulk, new RuntimeException("wrapped", failure)))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(bulk.getWritten()).isEqualTo(1);
        assertThat(bulk.getRejections()).singleElement().satisfies(r -> {
            assertThat(r.message().offset()).isZero();
            assertThat(r.reason()).contains("E10334");
        });
        assertThat(bulk.pending()).extracting(e -> e.document().get("_id")).containsExactly("c");
        assertThat(bulks.requests(bulk)).hasSize(1);

        bulks.written(bulk);
        assertThat(bulk.getWritten()).isEqualTo(2);
        assertThat(bulk.pending()).isEmpty();
    }
}
