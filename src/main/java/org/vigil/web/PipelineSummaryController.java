package org.vigil.web;

import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.monitor.PipelineSummary;

/**
 * {@code GET /api/pipeline/summary}: counts of rows read, records published, dead letters and
 * documents stored. JSON by default; {@code ?format=text} gives {@code key=value} lines for scripts.
 */
@RestController
public class PipelineSummaryController {

    private final PipelineSummary summary;

    public PipelineSummaryController(PipelineSummary summary) {
        this.summary = summary;
    }

    @GetMapping(path = "/api/pipeline/summary", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> json() {
        return summary.summary();
    }

    @GetMapping(path = "/api/pipeline/summary", params = "format=text", produces = MediaType.TEXT_PLAIN_VALUE)
    public String text() {
        return summary.summary().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
