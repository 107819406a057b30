package org.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dashboard script parses as the ES module the browser loads it as. One syntax error (a
 * name declared twice, say) stops the whole page, and the browser test only sees that as a stream
 * that never goes live, a minute later. Node checks each file as a module ({@code .mjs}) here, and
 * names the file and line. Needs Node on the PATH, as the machines that build Vigil have.
 */
class DashboardModulesTest {

    private static final Path DASHBOARD = Path.of("src/main/resources/static/dashboard");

    @Test
    void everyDashboardScriptParsesAsAModule(@TempDir Path work) throws Exception {
        assumeTrue(nodeAvailable(), "node is not on the PATH");
        List<Path> scripts;
        try (Stream<Path> files = Files.list(DASHBOARD)) {
            scripts = files.filter(file -> file.toString().endsWith(".js")).sorted().toList();
        }
        assertThat(scripts).as("the dashboard's scripts").hasSizeGreaterThan(3);
        for (Path script : scripts) {
            Path module = work.resolve(script.getFileName().toString().replace(".js", ".mjs"));
            Files.copy(script, module);
            Process node = new ProcessBuilder("node", "--check", module.toString()).redirectErrorStream(true).start();
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(node.exitValue()).as(script + " does not parse as a module:\n" + output).isZero();
        }
    }

    private static boolean nodeAvailable() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node.getInputStream().readAllBytes();
            return node.waitFor(30, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
