package org.vigil.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The project's own {@code ./vigil} script, run by a test with a home of its own (data folders,
 * pid files, {@code vigil-script.log}) and its own ports in the environment, as a user runs it:
 * the tests start the local services the way {@code ./vigil services} does, not another way.
 */
final class VigilScript {

    private static final Path PROJECT = Path.of("").toAbsolutePath();

    private final Path home;
    private final Map<String, String> environment;

    VigilScript(Path home, Map<String, String> environment) {
        this.home = home;
        this.environment = environment;
    }

    /** Starts {@code ./vigil args}, its output appended to the home's {@code vigil-script.log}. */
    Process start(String... args) {
        try {
            Files.createDirectories(home);
            List<String> command = new ArrayList<>();
            command.add(PROJECT.resolve("vigil").toString());
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("vigil-script.log").toFile()));
            builder.environment().put("VIGIL_HOME", home.toString());
            builder.environment().putAll(environment);
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ./vigil " + String.join(" ", args), e);
        }
    }

    /** Runs {@code ./vigil args} to its end; a failure throws with the end of the script's log. */
    void run(String... args) {
        awaitSuccess(start(args), args);
    }

    /** Waits for a started {@code ./vigil args}; a failure throws with the end of the script's log. */
    void awaitSuccess(Process process, String... args) {
        String what = "./vigil " + String.join(" ", args);
        try {
            int exit = process.waitFor();
            if (exit != 0) {
                List<String> log = Files.readAllLines(home.resolve("vigil-script.log"));
                throw new IllegalStateException(what + " failed with exit code " + exit + ":\n"
                        + String.join("\n", log.subList(Math.max(0, log.size() - 30), log.size())));
            }
        } catch (IOException e) {
            throw new IllegalStateException(what + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }
}
