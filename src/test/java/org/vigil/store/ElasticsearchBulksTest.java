package org.vigil.store;

import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.vigil.config.VigilProperties;
import org.vigil.config.Specialties;
import org.vigil.config.SpecialtyProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElasticsearchBulksTest {

    private static ElasticsearchBulks bulks(String datePattern) {
        VigilProperties properties = new VigilProperties(
                new VigilProperties.Kafka("k", "v.", new VigilProperties.Topics("v.records", "v.classified", "v.dlq", "v.raw", "v.alerts", "v.alert-commands")),
                new VigilProperties.Mongodb("vigil", "", "patients_record"),
                new VigilProperties.Elasticsearch("vigil-", datePattern, 1, 0));
        StoreTargets targets = new StoreTargets(properties, Specialties.of(properties, Map.of("cardiology",
                new SpecialtyProperties.Definition(List.of("always"), List.of(), false, List.of(), null, null, false, null))));
        return new ElasticsearchBulks(targets, new ObjectMapper(), properties);
    }

    private static StoredMessage classified(long offset, String value) {
        return new StoredMessage("v.classified", 1, offset, "Patient/1", value);
    }

    @Test
    void everyClassifiedRecordIsAnObservationAndAnomaliesAreIndexedTwice() {
        ElasticsearchBulk bulk = bulks("").of(List.of(
                classified(0, "{\"recordId\":\"r1\",\"anomalies\":[],\"risk\":\"not scored\"}"),
                classified(1, "{\"recordId\":\"r2\",\"anomalies\":[\"HYPERTENSION\"],\"risk\":{\"probability\":0.7}}"),
                // Classification decides what is an anomaly; the store does not second-guess it from specialties.
                classified(2, "{\"recordId\":\"r3\",\"anomalies\":[],\"specialties\":[\"alerts\"]}"),
                new StoredMessage("v.cardiology", 0, 0, "k", "{\"recordId\":\"r2\"}")));
        assertThat(bulk.pending()).extracting(o -> o.index() + "/" + o.id())
                .containsExactly("vigil-observations/r1", "vigil-observations/r2", "vigil-anomalies/r2",
                        "vigil-observations/r3");
        // One field cannot be both the text "not scored" and an object: unscored records say so apart.
        assertThat(bulk.pending().get(0).document()).doesNotContainKey("risk").containsEntry("riskScored", false);
        assertThat(bulk.pending().get(1).document()).containsEntry("riskScored", true);
    }

    @Test
    void timeBasedIndicesFollowTheRecordsOwnTime() {
        ElasticsearchBulk bulk = bulks("yyyy.MM").of(List.of(
                classified(0, "{\"recordId\":\"r1\",\"effectiveTime\":\"2026-03-31T23:59:00Z\"}"),
                classified(1, "{\"recordId\":\"r2\"}")));
        assertThat(bulk.pending()).extracting(ElasticsearchBulk.Operation::index)
                .containsExactly("vigil-observations-2026.03", "vigil-observations-undated");
    }

    @Test
    void mappingErrorsAreRefusedAndBusyItemsRetriedAlone() {
        ElasticsearchBulks bulks = bulks("");
        ElasticsearchBulk bulk = bulks.of(List.of(classified(0, "{\"recordId\":\"a\"}"), classified(1, "{\"recordId\":\"b\"}"),
                classified(2, "{\"recordId\":\"c\"}"), classified(3, "not json")));
        assertThat(bulk.getRejections()).singleElement().satisfies(r -> assertThat(r.message().offset()).isEqualTo(3));

        List<BulkResponseItem> items = List.of(ok("a"), failed("b", 400, "document_parsing_exception"), failed("c", 429, "es_rejected_execution_exception"));
        assertThatThrownBy(() -> bulks.settle(bulk, items)).isInstanceOf(StoreUnavailableException.class);
        assertThat(bulk.getWritten()).isEqualTo(1);
        assertThat(bulk.getRejections()).hasSize(2).last().satisfies(r -> {
            assertThat(r.message().offset()).isEqualTo(1);
            assertThat(r.reason()).contains("document_parsing_exception").contains("vigil-observations");
        });
        assertThat(bulk.pending()).extracting(ElasticsearchBulk.Operation::id).containsExactly("c");

        bulks.settle(bulk, List.of(ok("c")));
        assertThat(bulk.getWritten()).isEqualTo(2);
        assertThat(bulk.isEmpty()).isTrue();
    }

    private static BulkResponseItem ok(String id) {
        return BulkResponseItem.of(i -> i.operationType(OperationType.Index).index("vigil-observations").id(id).status(201));
    }

    private static BulkResponseItem failed(String id, int status, String type) {
        return BulkResponseItem.of(i -> i.operationType(OperationType.Index).index("vigil-observations").id(id).status(status)
                .error(ErrorCause.of(e -> e.type(type).reason("failed"))));
    }
}
