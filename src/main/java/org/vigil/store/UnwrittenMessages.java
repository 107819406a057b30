package org.vigil.store;

import java.util.List;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;

/**
 * When a store write is given up (retries exhausted, or a failure nobody foresaw), what was not
 * written goes to the dead letter, to be replayed once the cause is fixed: never dropped.
 */
@Component("unwrittenMessages")
public class UnwrittenMessages {

    public List<StoreRejection> of(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = "not written: " + (cause == null ? "unknown failure" : cause);
        MongoBulk mongo = exchange.getProperty(Names.Property.MONGO_BULK, MongoBulk.class);
        if (mongo != null) {
            return mongo.pending().stream()
                    .map(entry -> new StoreRejection(entry.message(), MongoBulks.STORE, mongo.getCollection(), reason))
                    .toList();
        }
        ElasticsearchBulk elasticsearch = exchange.getProperty(Names.Property.ES_BULK, ElasticsearchBulk.class);
        if (elasticsearch != null) {
            return elasticsearch.pending().stream()
                    .map(operation -> new StoreRejection(operation.message(), ElasticsearchBulks.STORE, operation.index(), reason))
                    .toList();
        }
        // Failed before the batch was split by store target: every message of it.
        @SuppressWarnings("unchecked")
        List<StoredMessage> batch = exchange.getProperty(Names.Property.STORE_BATCH, List.class);
        // The sink the batch came from (mongodb-sink, elasticsearch-sink) names its store.
        String store = exchange.getFromRouteId() == null ? "store" : exchange.getFromRouteId().replace("-sink", "");
        return batch == null ? List.of() : batch.stream().map(m -> new StoreRejection(m, store, m.topic(), reason)).toList();
    }
}
