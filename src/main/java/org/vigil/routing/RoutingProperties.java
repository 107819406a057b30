package org.vigil.routing;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where records go and why ({@code vigil.routing.*}): each destination is a Kafka topic and the
 * facts ({@link Trigger}) any one of which sends a record there.
 */
@ConfigurationProperties(prefix = "vigil.routing")
public record RoutingProperties(double riskThreshold, String pseudonymKey, Map<String, Destination> destinations) {

    public record Destination(String topic, List<String> when) {
    }
}
