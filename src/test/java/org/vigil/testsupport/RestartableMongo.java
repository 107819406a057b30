package org.vigil.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB-protocol server (mongo-java-server) that can be stopped and started again on the same
 * port with its data intact, as a real mongod restarting: for outage tests. Stopping closes the
 * listening socket and every client connection; the data outlives it.
 */
public final class RestartableMongo {

    private final MongoBackend data = new MemoryBackend();
    /** mongo-java-server closes its backend when it shuts down: this one ignores that. */
    private final MongoBackend keptOpen = (MongoBackend) Proxy.newProxyInstance(MongoBackend.class.getClassLoader(),
            new Class<?>[] {MongoBackend.class}, (proxy, method, args) -> {
                if (method.getName().equals("close") && method.getParameterCount() == 0) {
                    return null;
                }
                try {
                    return method.invoke(data, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    private final int port = FreePorts.next();
    private MongoServer server;

    public synchronized void start() {
        server = new MongoServer(keptOpen);
        server.bind("127.0.0.1", port);
    }

    public synchronized void stop() {
        server.shutdownNow();
        server = null;
    }

    public String uri() {
        return "mongodb://127.0.0.1:" + port + "/vigil";
    }
}
