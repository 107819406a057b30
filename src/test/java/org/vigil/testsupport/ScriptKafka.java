package org.vigil.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker of one test's own, started the way {@code ./vigil services start kafka} starts
 * the local one: its own JVM (KRaft, from the Maven jars), its own data folder and ports. Unlike
 * the shared in-JVM broker it can be killed with SIGKILL and started again on the same port and
 * the same data (same cluster, same topics and committed offsets), as a crashed broker is.
 */
public final class ScriptKafka implements AutoCloseable {

    private final Path home;
    private final int port = freePort();
    private final int controllerPort = freePort();

    public ScriptKafka(String name) {
        this.home = Path.of("target", "it-kafka-" + name + "-" + LocalServices.RUN_ID).toAbsolutePath();
    }

    public String brokers() {
        return "127.0.0.1:" + port;
    }

    /** Starts it (again, on the same data) and waits until it answers. */
    public ScriptKafka start() {
        run("services", "start", "kafka");
        return this;
    }

    /** SIGKILL: no shutdown, no flush, as a crashed machine. */
    public void kill() throws Exception {
        long pid = Long.parseLong(Files.readString(home.resolve("run/kafka.pid")).trim());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("Kafka (pid " + pid + ") is not running"));
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        run("services", "stop", "kafka");
    }

    private void run(String... args) {
        try {
            Files.createDirectories(home);
            ProcessBuilder builder = new ProcessBuilder(concat(Path.of("vigil").toAbsolutePath().toString(), args))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("vigil-script.log").toFile()));
            builder.environment().put("VIGIL_HOME", home.toString());
            builder.environment().put("VIGIL_KAFKA_PORT", String.valueOf(port));
            builder.environment().put("VIGIL_KAFKA_CONTROLLER_PORT", String.valueOf(controllerPort));
            int exit = builder.start().waitFor();
            if (exit != 0) {
                List<String> log = Files.readAllLines(home.resolve("vigil-script.log"));
                throw new IllegalStateException("./vigil " + String.join(" ", args) + " failed (" + exit + "):\n"
                        + String.join("\n", log.subList(Math.max(0, log.size() - 20), log.size())));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ./vigil " + String.join(" ", args), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
