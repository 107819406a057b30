package org.vigil.store;

import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Set;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.http.ConnectionClosedException;
import org.springframework.stereotype.Component;

/**
 * Tells a failure that passes (a store down, restarting, electing or busy) from one that does
 * not. Failures that pass are retried with backoff until the store is back; nothing is dropped,
 * since the batch's Kafka offsets wait for the write.
 */
@Component("transientStoreErrors")
public class TransientStoreErrors {

    private static final Set<Integer> TRANSIENT_HTTP_STATUS = Set.of(408, 429, 502, 503, 504);

    public boolean matches(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable caught) {
        return isTransient(caught);
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailableException
                    // Elasticsearch unreachable, connection refused or reset, timeouts (not bad input such as JSON errors)
                    || t instanceof SocketException
                    || t instanceof InterruptedIOException
                    || t instanceof UnknownHostException
                    || t instanceof ConnectionClosedException
                    || t instanceof MongoSocketException
                    || t instanceof MongoTimeoutException
                    || t instanceof MongoNotPrimaryException
                    || t instanceof MongoNodeIsRecoveringException
                    || t instanceof MongoExecutionTimeoutException) {
                return true;
            }
            if (t instanceof MongoException mongo && (mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                    || mongo.hasErrorLabel("RetryableWriteError"))) {
                return true;
            }
            if (t instanceof ElasticsearchException es && TRANSIENT_HTTP_STATUS.contains(es.status())) {
                return true;
            }
            if (t instanceof TransportException transport && transport.statusCode() >= 0
                    && TRANSIENT_HTTP_STATUS.contains(transport.statusCode())) {
                return true;
            }
        }
        return false;
    }
}
