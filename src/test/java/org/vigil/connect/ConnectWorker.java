package org.vigil.connect;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.vigil.testsupport.FreePorts;
import static org.awaitility.Awaitility.await;

/**
 * A real Kafka Connect worker in standalone mode, in its own JVM, on the classpath and plugin path
 * that {@code services/connect/pom.xml} prepares (Connect's Jetty and Jersey never meet Vigil's).
 */
final class ConnectWorker implements AutoCloseable {

    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path BUILD = PROJECT.resolve("services/connect/target");
    static final String PREPARE_COMMAND = "./mvnw -B -q -f services/connect/pom.xml package";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir;
    private final int restPort = FreePorts.next();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    ConnectWorker(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * Builds the worker's classpath and plugins when they are missing (as on a fresh clone), the
     * same way {@code ./vigil connect start} does.
     */
    static void prepare() {
        if (isPrepared()) {
            return;
        }
        Path log = PROJECT.resolve("target/connect-prepare.log");
        try {
            Files.createDirectories(log.getParent());
            Process maven = new ProcessBuilder(PREPARE_COMMAND.split(" "))
                    .directory(PROJECT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!maven.waitFor(10, TimeUnit.MINUTES) || maven.exitValue() != 0 || !isPrepared()) {
                maven.destroyForcibly();
                throw new IllegalStateException("The Connect worker is not prepared and `" + PREPARE_COMMAND
                        + "` failed (log: " + log + "); run it by hand to see why");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + PREPARE_COMMAND, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + PREPARE_COMMAND, e);
        }
    }

    private static boolean isPrepared() {
        File[] runtime = BUILD.resolve("lib").toFile().listFiles((dir, name) -> name.startsWith("connect-runtime-"));
        File[] plugins = BUILD.resolve("plugins").toFile().listFiles();
        return runtime != null && runtime.length == 1 && plugins != null && plugins.length > 0;
    }

    /**
     * Starts the worker with the committed worker settings, pointed at the given brokers, and the
     * given connector files (each the body of a {@code POST /connectors}).
     */
    void start(Path workerTemplate, String bootstrapServers, List<Path> connectorFiles) throws IOException {
        Files.createDirectories(workDir);
        Properties worker = new Properties();
        try (var in = Files.newBufferedReader(workerTemplate)) {
            worker.load(in);
        }
        worker.putAll(Map.of(
                "bootstrap.servers", bootstrapServers,
                "listeners", "HTTP://127.0.0.1:" + restPort,
                "plugin.path", BUILD.resolve("plugins").toString(),
                "offset.storage.file.filename", workDir.resolve("offsets").toString()));
        Path workerFile = workDir.resolve("worker.properties");
        try (var out = Files.newBufferedWriter(workerFile)) {
            worker.store(out, "written by " + getClass().getSimpleName() + " from " + workerTemplate);
        }

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m",
                "-Dlog4j.configuration=" + PROJECT.resolve("connectors/connect-log4j.properties").toUri(),
                "-cp", BUILD.resolve("lib") + File.separator + "*",
                "org.apache.kafka.connect.cli.ConnectStandalone",
                workerFile.toString()));
        connectorFiles.forEach(file -> command.add(file.toString()));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log().toFile())
                .start();
        // A test JVM that is killed must not leave the worker behind.
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "stop-connect-worker"));
    }

    /** Waits until the connector and all its tasks run; fails at once if the worker dies or a task fails. */
    void awaitRunning(String connector, Duration timeout) {
        await("connector " + connector + " running (worker log: " + log() + ")")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> isRunning(connector));
    }

    private boolean isRunning(String connector) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("the Connect worker exited with " + process.exitValue() + ":\n" + logTail());
        }
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + restPort + "/connectors/" + connector + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException notListeningYet) {
            return false;
        }
        if (response.statusCode() != 200) {
            return false;
        }
        JsonNode status = JSON.readTree(response.body());
        List<JsonNode> states = new ArrayList<>();
        states.add(status.path("connector"));
        status.path("tasks").forEach(states::add);
        for (JsonNode state : states) {
            if ("FAILED".equals(state.path("state").asText())) {
                throw new IllegalStateException(connector + " failed: " + state.path("trace").asText());
            }
        }
        return status.path("tasks").size() > 0
                && states.stream().allMatch(state -> "RUNNING".equals(state.path("state").asText()));
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    Path log() {
        return workDir.resolve("worker.log");
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the worker the way an operator does (SIGTERM, a clean shutdown) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
