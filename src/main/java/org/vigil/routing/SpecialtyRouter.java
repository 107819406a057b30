package org.vigil.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * The content-based router: from the facts that hold for a record, the set of destinations whose
 * configured triggers match, with the reasons. Nothing here names a specialty: which facts send a
 * record where is configuration.
 */
@Component("specialtyRouter")
public class SpecialtyRouter {

    private final Map<String, RoutingProperties.Destination> destinations;

    public SpecialtyRouter(RoutingProperties properties) {
        this.destinations = properties.destinations();
    }

    public RoutingDecision route(Map<String, String> facts) {
        Map<String, List<String>> chosen = new LinkedHashMap<>();
        destinations.forEach((name, destination) -> {
            List<String> reasons = new ArrayList<>();
            for (String trigger : destination.when()) {
                String reason = facts.get(trigger);
                if (reason != null) {
                    reasons.add(reason);
                }
            }
            if (!reasons.isEmpty()) {
                chosen.put(name, List.copyOf(reasons));
            }
        });
        return new RoutingDecision(chosen);
    }
}
