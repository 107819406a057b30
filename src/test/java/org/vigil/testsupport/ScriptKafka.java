package org.vigil.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker of one test's own, started the way {@code ./vigil services start kafka} starts
 * the local one: its own JVM (KRaft, from the Maven jars), its own data folder and ports. Unlike
 * the shared in-JVM broker it can be killed with SIGKILL and started again on the same port and
 * the same data (same cluster, same topics and committed offsets), as a crashed broker is.
 */
public final class ScriptKafka implements AutoCloseable {

    private final Path home;
    private final int port = FreePorts.next();
    private final VigilScript script;

    public ScriptKafka(String name) {
        this.home = Path.of("target", "it-kafka-" + name + "-" + LocalServices.RUN_ID).toAbsolutePath();
        this.script = new VigilScript(home, Map.of(
                "VIGIL_KAFKA_PORT", String.valueOf(port),
                "VIGIL_KAFKA_CONTROLLER_PORT", String.valueOf(FreePorts.next())));
    }

    public String brokers() {
        return "127.0.0.1:" + port;
    }

    /** Starts it (again, on the same data) and waits until it answers. */
    public ScriptKafka start() {
        script.run("services", "start", "kafka");
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
        script.run("services", "stop", "kafka");
    }
}
