package org.vigil.store;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoreWrittenTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final StoreWritten storeWritten = new StoreWritten();

    @Test
    void aStoreThatGaveUpAndDeadLetteredDoesNotStopTheBatch() {
        Exchange batch = new DefaultExchange(camel);
        batch.getMessage().setBody("the batch");
        Exchange gaveUp = new DefaultExchange(camel);
        gaveUp.getExchangeExtension().setErrorHandlerHandled(true);
        gaveUp.getMessage().setBody("what the dead letter got");

        Exchange result = storeWritten.aggregate(batch, gaveUp);

        assertThat(result).isSameAs(batch);
        assertThat(result.getExchangeExtension().getErrorHandlerHandled()).isNull();
        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo("the batch");
    }
}
