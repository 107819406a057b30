package org.vigil.store;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BothStoresTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final BothStores bothStores = new BothStores();

    @Test
    void aStoreThatGaveUpAndDeadLetteredDoesNotStopTheBatch() {
        Exchange batch = new DefaultExchange(camel);
        batch.getMessage().setBody("the batch");
        Exchange gaveUp = new DefaultExchange(camel);
        gaveUp.getExchangeExtension().setErrorHandlerHandled(true);
        gaveUp.getMessage().setBody("what the dead letter got");

        Exchange result = bothStores.aggregate(null, gaveUp, batch);
        result = bothStores.aggregate(result, new DefaultExchange(camel), batch);

        assertThat(result).isSameAs(batch);
        assertThat(result.getExchangeExtension().getErrorHandlerHandled()).isNull();
        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("the batch");
    }

    @Test
    void aWriteThatFailedUnhandledFailsTheBatch() {
        Exchange batch = new DefaultExchange(camel);
        Exchange failed = new DefaultExchange(camel);
        IllegalStateException cause = new IllegalStateException("dead letter not published");
        failed.setException(cause);

        Exchange result = bothStores.aggregate(bothStores.aggregate(null, new DefaultExchange(camel), batch), failed, batch);

        assertThat(result.getException()).isSameAs(cause);
    }
}
