package org.vigil.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The limits of {@code vigil.ingest.limits.*} beyond the body size ({@link InputChecks}): how many
 * entries a Bundle, how many lines an NDJSON input, how many characters a CSV line may have, how
 * deeply a JSON document may nest. Each input over a limit is refused as a whole with the limit
 * named (HTTP 413), and dead-lettered like any refused input; a CSV line over its limit is refused
 * alone. They bound what one input can cost, whoever sent it.
 */
@Component("inputLimits")
public class InputLimits {

    private final int bundleEntries;
    private final int ndjsonLines;
    private final int csvLineChars;
    private final int jsonDepth;

    public InputLimits(@Value("${vigil.ingest.limits.bundle-entries}") int bundleEntries,
                       @Value("${vigil.ingest.limits.ndjson-lines}") int ndjsonLines,
                       @Value("${vigil.ingest.limits.csv-line-chars}") int csvLineChars,
                       @Value("${vigil.ingest.limits.json-depth}") int jsonDepth) {
        this.bundleEntries = bundleEntries;
        this.ndjsonLines = ndjsonLines;
        this.csvLineChars = csvLineChars;
        this.jsonDepth = jsonDepth;
    }

    /** The defaults application.yaml ships, for tests and tools without Spring. */
    public static InputLimits defaults() {
        return new InputLimits(10_000, 100_000, 4_096, 64);
    }

    /** A copy of the mapper that refuses JSON nested deeper than the limit while it reads (Jackson's own constraint). */
    ObjectMapper bounded(ObjectMapper json) {
        ObjectMapper copy = json.copy();
        copy.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(jsonDepth).build());
        return copy;
    }

    /** The message Jackson gives when the depth constraint stops a read, in Vigil's words. */
    PayloadTooLargeException tooDeep() {
        return new PayloadTooLargeException("JSON is nested deeper than " + jsonDepth + " levels (vigil.ingest.limits.json-depth)");
    }

    void requireBundleEntries(int entries) {
        if (entries > bundleEntries) {
            throw new PayloadTooLargeException("Bundle has " + entries + " entries; the limit is " + bundleEntries
                    + " (vigil.ingest.limits.bundle-entries): send it as several Bundles");
        }
    }

    void requireCsvLine(int characters) {
        if (characters > csvLineChars) {
            throw new InvalidRecordException("CSV line of " + characters + " characters; the limit is " + csvLineChars
                    + " (vigil.ingest.limits.csv-line-chars)");
        }
    }

    /** Counts the lines of an NDJSON input (held in memory or a file, read as a stream) before any is split off. */
    public void requireNdjsonLines(Exchange exchange) {
        try (InputStream in = exchange.getMessage().getBody(InputStream.class)) {
            if (in == null) {
                return;
            }
            long lines = 0;
            int last = '\n';
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                if (read > 0) {
                    last = buffer[read - 1];
                }
            }
            if (last != '\n') {
                lines++;
            }
            if (lines > ndjsonLines) {
                throw new PayloadTooLargeException("NDJSON has " + lines + " lines; the limit is " + ndjsonLines
                        + " (vigil.ingest.limits.ndjson-lines): split it into several files");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
