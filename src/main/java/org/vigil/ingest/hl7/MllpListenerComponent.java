package org.vigil.ingest.hl7;

import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.component.mllp.MllpConfiguration;
import org.apache.camel.component.mllp.MllpEndpoint;
import org.apache.camel.component.mllp.MllpTcpServerConsumer;
import org.apache.camel.component.mllp.internal.MllpSocketBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.contract.Names;

/**
 * camel-mllp's component (the {@code mllp:} scheme, registered as the bean {@code mllp}) with one
 * addition: a listener serves at most {@code maxConnectionsPerSource} connections from one address
 * at once, besides camel-mllp's own limit on all of them ({@code maxConcurrentConsumers}). One
 * sender that opens connection after connection then cannot take the slots every other gateway and
 * the ADT feed need: its extra connection is closed as soon as it is accepted, logged with the
 * address and counted ({@value Names.Counter#MLLP_CONNECTIONS_REFUSED}).
 */
@org.springframework.stereotype.Component("mllp")
public class MllpListenerComponent extends MllpComponent {

    private static final Logger LOG = LoggerFactory.getLogger(MllpListenerComponent.class);

    private final int maxConnectionsPerSource;
    private final Counter refused;

    public MllpListenerComponent(@org.springframework.beans.factory.annotation.Value("${vigil.ingest.mllp.max-connections-per-source}")
                                 int maxConnectionsPerSource, MeterRegistry meters) {
        if (maxConnectionsPerSource < 1) {
            throw new IllegalArgumentException("vigil.ingest.mllp.max-connections-per-source must be at least 1");
        }
        this.maxConnectionsPerSource = maxConnectionsPerSource;
        this.refused = meters.counter(Names.Counter.MLLP_CONNECTIONS_REFUSED);
    }

    /** camel-mllp's generated configurers (Camel finds them by the component's class, which is this one). */
    @Override
    public org.apache.camel.spi.PropertyConfigurer getComponentPropertyConfigurer() {
        return new org.apache.camel.component.mllp.MllpComponentConfigurer();
    }

    @Override
    public org.apache.camel.spi.PropertyConfigurer getEndpointPropertyConfigurer() {
        return new org.apache.camel.component.mllp.MllpEndpointConfigurer();
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        MllpEndpoint configured = (MllpEndpoint) super.createEndpoint(uri, remaining, parameters);
        Listener endpoint = new Listener(uri, this, configured.getConfiguration());
        endpoint.setHostname(configured.getHostname());
        endpoint.setPort(configured.getPort());
        return endpoint;
    }

    /** An MLLP endpoint whose listener limits connections per source. */
    private final class Listener extends MllpEndpoint {

        private Listener(String uri, MllpComponent component, MllpConfiguration configuration) {
            super(uri, component, configuration);
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            Consumer consumer = new PerSourceConsumer(this, processor);
            configureConsumer(consumer);
            return consumer;
        }
    }

    private final class PerSourceConsumer extends MllpTcpServerConsumer {

        private PerSourceConsumer(MllpEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        @Override
        public synchronized void startConsumer(Socket clientSocket, MllpSocketBuffer mllpBuffer) {
            InetAddress source = clientSocket.getInetAddress();
            long open = getConsumerRunnables().keySet().stream()
                    .map(connection -> connection.getSocket())
                    .filter(socket -> socket != null && !socket.isClosed() && source.equals(socket.getInetAddress()))
                    .count();
            if (open >= maxConnectionsPerSource) {
                refused.increment();
                LOG.warn("MLLP connection from {} closed: it has {} open already, the most one address may have "
                        + "(vigil.ingest.mllp.max-connections-per-source)", source.getHostAddress(), open);
                mllpBuffer.closeSocket(clientSocket);
                return;
            }
            super.startConsumer(clientSocket, mllpBuffer);
        }
    }
}
