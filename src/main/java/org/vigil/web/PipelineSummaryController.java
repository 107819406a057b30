package org.vigil.web;

import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.beans.factory.annotation.Value;
import org.vigil.config.VigilProperties;
import org.vigil.monitor.PipelineSummary;
import org.vigil.monitor.RouteStatistics;

/**
 * {@code GET /api/pipeline/summary}: counts of rows read, records published, dead letters and
 * documents stored. JSON by default; {@code ?format=text} gives {@code key=value} lines for scripts.
 */
@RestController
public class PipelineSummaryController {

    private final PipelineSummary summary;
    private final RouteStatistics routes;
    private final Map<String, java.util.List<String>> lagGroups = new java.util.LinkedHashMap<>();

    public PipelineSummaryController(PipelineSummary summary, RouteStatistics routes, VigilProperties vigil,
                                     @Value("${vigil.kafka.consumer-group}") String group) {
        this.summary = summary;
        this.routes = routes;
        summary.storeGroups().values().forEach(storeGroup -> lagGroups.put(storeGroup, summary.storeTopics()));
        lagGroups.put(group + "-classify", java.util.List.of(vigil.kafka().topics().records()));
        lagGroups.put(group + "-alerts", java.util.List.of(vigil.kafka().topics().classified(), vigil.kafka().topics().alertCommands()));
        lagGroups.put(group + "-alert-views", java.util.List.of(vigil.kafka().topics().alerts()));
    }

    /** {@code GET /api/pipeline/routes}: each route's exchanges and rate (Camel's JMX statistics). */
    @GetMapping(path = "/api/pipeline/routes", produces = MediaType.APPLICATION_JSON_VALUE)
    public java.util.List<Map<String, Object>> routes() {
        return routes.routes();
    }

    /** {@code GET /api/pipeline/lag}: messages not yet done per consumer group and topic (the store lag among them). */
    @GetMapping(path = "/api/pipeline/lag", produces = MediaType.APPLICATION_JSON_VALUE)
    public java.util.List<Map<String, Object>> lag() {
        return summary.lag(lagGroups);
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
