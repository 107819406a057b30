package org.vigil.routing;

import java.util.List;
import java.util.Map;

/** The destinations of one record, each with the reasons that sent it there. */
public record RoutingDecision(Map<String, List<String>> reasonsByDestination) {
}
