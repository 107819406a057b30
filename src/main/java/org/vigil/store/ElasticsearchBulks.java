package org.vigil.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;
import org.vigil.config.VigilProperties;
import org.vigil.contract.Names;
import org.vigil.event.EventFields;

/**
 * Turns the classified records of a store batch into one bulk request: every record into the
 * observations index, records with an anomaly also into the anomalies index, the messages of a
 * specialty with an index of its own into that index, each
 * with its record id as document id (a redelivered batch re-indexes, never adds); a retraction
 * updates the indexed record to mark it retracted ({@link Retractions}). After the
 * request it settles the bulk: indexed, refused for good (a mapping error: to the dead letter),
 * or still pending because the failure passes (429, 503: retried by the route).
 */
@Component("elasticsearchBulks")
public class ElasticsearchBulks {

    public static final String STORE = "elasticsearch";

    /** Item statuses that pass: too many requests, a node starting or stopping. */
    private static final Set<Integer> TRANSIENT_STATUS = Set.of(429, 502, 503, 504);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final StoreTargets targets;
    private final ObjectMapper json;
    private final VigilProperties.Elasticsearch settings;
    private final DateTimeFormatter indexDate;

    public ElasticsearchBulks(StoreTargets targets, ObjectMapper json, VigilProperties properties) {
        this.targets = targets;
        this.json = json;
        this.settings = properties.elasticsearch();
        String pattern = settings.indexDatePattern();
        this.indexDate = pattern == null || pattern.isBlank() ? null : DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
    }

    public ElasticsearchBulk of(@Body List<StoredMessage> batch) {
        List<ElasticsearchBulk.Operation> operations = new ArrayList<>();
        List<StoreRejection> refused = new ArrayList<>();
        for (StoredMessage message : batch) {
            boolean classified = targets.isClassified(message.topic());
            String specialtyIndex = targets.specialtyIndexFor(message.topic()).orElse(null);
            if (!classified && specialtyIndex == null) {
                continue; // a specialty without an index of its own: MongoDB only
            }
            String target = classified ? settings.observations() : specialtyIndex;
            try {
                Map<String, Object> document = document(message);
                String id = (String) document.get(EventFields.RECORD_ID);
                String suffix = indexSuffix(document.get(EventFields.EFFECTIVE_TIME));
                if (Retractions.isRetraction(document)) {
                    // The record may be in either index of the classified records: mark it wherever it is.
                    Map<String, Object> marks = Retractions.marks(document);
                    operations.add(new ElasticsearchBulk.Operation(message, target + suffix, id, marks, true));
                    if (classified) {
                        operations.add(new ElasticsearchBulk.Operation(message, settings.anomalies() + suffix, id, marks, true));
                    }
                    continue;
                }
                operations.add(new ElasticsearchBulk.Operation(message, target + suffix, id, document, false));
                if (classified && isAnomaly(document)) {
                    operations.add(new ElasticsearchBulk.Operation(message, settings.anomalies() + suffix, id, document, false));
                }
            } catch (IllegalArgumentException e) {
                refused.add(new StoreRejection(message, STORE, target, e.getMessage()));
            }
        }
        return new ElasticsearchBulk(operations, refused);
    }

    /**
     * The classified record as indexed. Its risk is an object when scored and the text "not
     * scored" otherwise; one field cannot hold both in an index, so unscored records say so in
     * {@code riskScored} instead.
     */
    Map<String, Object> document(StoredMessage message) {
        Map<String, Object> document;
        try {
            document = new LinkedHashMap<>(json.readValue(message.value(), JSON_OBJECT));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage());
        }
        if (!(document.get(EventFields.RECORD_ID) instanceof String id) || id.isBlank()) {
            throw new IllegalArgumentException("no recordId: cannot index it idempotently");
        }
        boolean scored = document.get(EventFields.RISK) instanceof Map;
        if (!scored) {
            document.remove("risk");
        }
        document.put("riskScored", scored);
        return document;
    }

    /** Classification decided what is an anomaly ({@code Trigger.anomaliesOf}); the record carries it. */
    static boolean isAnomaly(Map<String, Object> document) {
        return document.get(EventFields.ANOMALIES) instanceof List<?> anomalies && !anomalies.isEmpty();
    }

    /** From the record's own time, never the clock: a redelivery next month lands in the same index. */
    String indexSuffix(Object effectiveTime) {
        if (indexDate == null) {
            return "";
        }
        if (!(effectiveTime instanceof String time)) {
            return "-undated";
        }
        try {
            return "-" + indexDate.format(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return "-undated";
        }
    }

    public BulkRequest.Builder request(@ExchangeProperty(Names.Property.ES_BULK) ElasticsearchBulk bulk) {
        BulkRequest.Builder request = new BulkRequest.Builder();
        for (ElasticsearchBulk.Operation operation : bulk.pending()) {
            if (operation.partial()) {
                request.operations(op -> op.update(update -> update
                        .index(operation.index()).id(operation.id()).action(action -> action.doc(operation.document()))));
            } else {
                request.operations(op -> op.index(index -> index
                        .index(operation.index()).id(operation.id()).document(operation.document())));
            }
        }
        return request;
    }

    /** The items answer the operations one for one, in order. */
    public void settle(@ExchangeProperty(Names.Property.ES_BULK) ElasticsearchBulk bulk, @Body List<BulkResponseItem> items) {
        List<ElasticsearchBulk.Operation> pending = bulk.pending();
        if (items.size() != pending.size()) {
            throw new StoreUnavailableException("Elasticsearch answered " + items.size() + " items for " + pending.size() + " operations");
        }
        List<ElasticsearchBulk.Operation> retry = new ArrayList<>();
        List<StoreRejection> refused = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            ElasticsearchBulk.Operation operation = pending.get(i);
            if (item.error() == null || operation.partial() && item.status() == 404) {
                continue; // a retraction of a record this index never had: nothing to mark
            }
            if (TRANSIENT_STATUS.contains(item.status())) {
                retry.add(operation);
            } else {
                refused.add(new StoreRejection(operation.message(), STORE, operation.index(), "Elasticsearch refused the document for "
                        + operation.index() + ": " + item.error().type() + ": " + item.error().reason()));
            }
        }
        bulk.settle(pending.size() - retry.size() - refused.size(), refused, retry);
        if (!retry.isEmpty()) {
            throw new StoreUnavailableException(retry.size() + " of " + pending.size() + " operations not indexed yet (Elasticsearch busy)");
        }
    }
}
