package org.vigil.services;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Runs mongo-java-server, a MongoDB wire-protocol server, as the local stand-in for mongod.
 * Usage: {@code MongoServerMain <host> <port> <memory|h2> [h2-file]}.
 * The H2 backend keeps data across restarts; its change log stays off because it makes
 * writes about ten times slower.
 */
public final class MongoServerMain {

    private MongoServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: MongoServerMain <host> <port> <memory|h2> [h2-file]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        MongoBackend backend = switch (args[2]) {
            case "memory" -> new MemoryBackend();
            case "h2" -> {
                Path file = Path.of(args.length > 3 ? args[3] : "mongo.mv");
                Files.createDirectories(file.toAbsolutePath().getParent());
                yield new H2Backend(file.toString());
            }
            default -> throw new IllegalArgumentException("unknown backend " + args[2]);
        };
        MongoServer server = new MongoServer(backend);
        server.bind(new InetSocketAddress(host, port));
        System.out.printf("mongo-java-server (%s backend) listening on %s:%d%n", args[2], host, port);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            stopped.countDown();
        }, "mongo-shutdown"));
        stopped.await();
    }
}
