package org.vigil.store;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Takes a store's write of a batch (store-mongodb, store-elasticsearch, called by its sink with
 * {@code enrich}) back into the batch's exchange. A store route that gave up (retries exhausted, a
 * document refused for good) has already dead-lettered what it did not write and marked its copy
 * handled; that mark must not reach the batch, or the sink would stop there and never commit the
 * batch's offsets (Camel stops routing an exchange its error handler handled). A write that failed
 * without being handled (its dead letter could not be published) never comes here: {@code enrich}
 * copies its failure onto the batch, which is then read again (vigil-kafka-batch).
 */
@Component("storeWritten")
public class StoreWritten implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange batch, Exchange write) {
        return batch;
    }
}
