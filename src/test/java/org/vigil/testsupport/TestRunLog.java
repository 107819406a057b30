package org.vigil.testsupport;

import java.nio.file.Path;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Keeps every log line of every application the tests start (after Spring Boot has set up logging
 * from logback-spring.xml) in one file, target/test-logs/test-run.log, written through the console
 * appender's own pattern: what a hospital's log collector would receive. {@code LogScanIT} reads
 * it at the end of the run. Registered in the test resources' META-INF/spring.factories.
 */
public final class TestRunLog implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final Path FILE = Path.of("target", "test-logs", "test-run.log");
    private static final String NAME = "TEST_RUN_LOG";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logging)) {
            return;
        }
        Logger root = logging.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(NAME) != null || !(root.getAppender("CONSOLE") instanceof OutputStreamAppender<ILoggingEvent> console)
                || !(console.getEncoder() instanceof PatternLayoutEncoder consoleEncoder)) {
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(logging);
        encoder.setPattern(consoleEncoder.getPattern());
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setName(NAME);
        file.setContext(logging);
        file.setFile(FILE.toString());
        file.setAppend(true);
        file.setEncoder(encoder);
        file.start();
        root.addAppender(file);
    }
}
