package org.vigil.store;

import java.net.ConnectException;
import java.net.SocketTimeoutException;

import com.fasterxml.jackson.core.JsonParseException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import org.apache.camel.component.mongodb.CamelMongoDbException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransientStoreErrorsTest {

    @Test
    void aStoreThatIsDownOrBusyPasses() {
        assertThat(TransientStoreErrors.isTransient(new CamelMongoDbException(new MongoTimeoutException("no server")))).isTrue();
        assertThat(TransientStoreErrors.isTransient(new MongoSocketOpenException("refused", new ServerAddress()))).isTrue();
        assertThat(TransientStoreErrors.isTransient(new RuntimeException(new ConnectException("Connection refused")))).isTrue();
        assertThat(TransientStoreErrors.isTransient(new SocketTimeoutException())).isTrue();
        assertThat(TransientStoreErrors.isTransient(new StoreUnavailableException("busy"))).isTrue();
    }

    @Test
    void badDataDoesNotPass() {
        assertThat(TransientStoreErrors.isTransient(new JsonParseException(null, "bad"))).isFalse();
        assertThat(TransientStoreErrors.isTransient(new IllegalArgumentException("no recordId"))).isFalse();
        assertThat(TransientStoreErrors.isTransient(null)).isFalse();
    }
}
