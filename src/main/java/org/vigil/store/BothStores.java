package org.vigil.store;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Joins the two store writes of a batch (MongoDB, Elasticsearch) back into the batch's exchange.
 * A store route that gave up (retries exhausted, a document refused for good) has already
 * dead-lettered what it did not write and marked its copy handled; that mark must not reach the
 * batch, or the route would stop there and never commit the batch's offsets (Camel stops routing
 * an exchange its error handler handled). A write that failed without being handled (its dead
 * letter could not be published) fails the batch, which is then read again.
 */
@Component("bothStores")
public class BothStores implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        throw new UnsupportedOperationException("the multicast passes its input exchange: aggregate(old, new, input)");
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange, Exchange batch) {
        if (newExchange.getException() != null && batch.getException() == null) {
            batch.setException(newExchange.getException());
        }
        return batch;
    }
}
