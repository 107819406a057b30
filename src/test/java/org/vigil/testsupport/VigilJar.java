package org.vigil.testsupport;

import java.io.IOException;
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
import java.util.TreeMap;

import static org.awaitility.Awaitility.await;

/**
 * Vigil as it ships: the packaged jar (target/vigil-*.jar, built before the integration tests) in
 * its own JVM, on the local services, with a test's own names and settings passed as arguments.
 * For what only the real jar shows: a crash, a restart, files read at start-up.
 */
public final class VigilJar implements AutoCloseable {

    private final Process process;
    private final int port;

    private VigilJar(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the jar; its log goes to target/{@code log}.log. */
    public static VigilJar start(Map<String, Object> names, Map<String, Object> settings, String log) throws IOException {
        return start(names, settings, log, List.of());
    }

    /** Starts the jar with options for its JVM (e.g. {@link JvmBreakpoint#agent}); its log goes to target/{@code log}.log. */
    public static VigilJar start(Map<String, Object> names, Map<String, Object> settings, String log, List<String> jvmOptions) throws IOException {
        Map<String, Object> arguments = new TreeMap<>(LocalServices.properties());
        arguments.putAll(names);
        arguments.put("camel.main.jmx-enabled", false);
        int port = FreePorts.next();
        arguments.put("server.port", port);
        arguments.putAll(settings);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        arguments.forEach((key, value) -> command.add("--" + key + "=" + value));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target/" + log + ".log").toFile()).start();
        return new VigilJar(process, port);
    }

    /**
     * Waits until the instance is ready, as Kubernetes' readiness probe and the container's health
     * check see it: {@code /actuator/health/readiness} answers 200 (the routes are started by then).
     */
    public VigilJar awaitReady(Duration patience) {
        HttpClient http = HttpClient.newHttpClient();
        await("Vigil up on port " + port).atMost(patience).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Vigil exited with " + process.exitValue() + "; see its log in target/");
                    }
                    return http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
        return this;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * The heap in use right after a full collection (the live heap), asked of the running jar over
     * Jolokia as an operator in Hawtio would: {@code gc} on {@code java.lang:type=Memory}, then its
     * {@code HeapMemoryUsage.used}.
     */
    public long liveHeapBytes() throws IOException, InterruptedException {
        String bulk = "[{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"},"
                + "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\",\"path\":\"used\"}]";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(TestCredentials.asOperator(HttpRequest.newBuilder(uri("/actuator/jolokia")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(bulk)).build(),
                HttpResponse.BodyHandlers.ofString());
        com.fasterxml.jackson.databind.JsonNode read = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).path(1);
        if (read.path("status").asInt() != 200) {
            throw new IllegalStateException("Jolokia answered " + answer.statusCode() + ": " + answer.body());
        }
        return read.path("value").asLong();
    }

    /** A GET of this instance's API or actuator as an operator, read as JSON. */
    public com.fasterxml.jackson.databind.JsonNode getAsOperator(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(TestCredentials.asOperator(HttpRequest.newBuilder(uri(path))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
    }

    /** A counter of this instance (e.g. {@code vigil.routing.messages}), read from its actuator as an operator; 0 if never incremented. */
    public double counter(String name) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(TestCredentials.asOperator(HttpRequest.newBuilder(uri("/actuator/metrics/" + name)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 404) {
            return 0;
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).path("measurements").path(0).path("value").asDouble();
    }

    /** SIGKILL: no shutdown hook, no commit, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, as a container runtime or systemd stops it; answers its exit code once it has exited. */
    public int stop() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    private static Path jar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("vigil-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/vigil-*.jar: run ./mvnw verify (the jar is packaged before the ITs)"));
        }
    }
}
