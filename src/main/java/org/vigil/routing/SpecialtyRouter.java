package org.vigil.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.vigil.config.Specialties;
import org.vigil.event.Trigger;

/**
 * The content-based router: from the facts that hold for a record, the specialties whose
 * configured triggers ({@code vigil.specialties.*.when}) match, with the reasons. Nothing here
 * names a specialty: which facts send a record where is configuration. A trigger that is not a
 * fact Vigil knows stops start-up, instead of silently never matching.
 */
@Component("specialtyRouter")
public class SpecialtyRouter {

    private final Specialties specialties;

    public SpecialtyRouter(Specialties specialties) {
        this.specialties = specialties;
        specialties.all().forEach(specialty -> specialty.when().forEach(trigger -> {
            if (!Trigger.isKnown(trigger)) {
                throw new IllegalStateException("vigil.specialties." + specialty.name() + ".when names '" + trigger
                        + "', which is not a fact Vigil knows: " + Trigger.known());
            }
        }));
    }

    public RoutingDecision route(Map<String, String> facts) {
        Map<String, List<String>> chosen = new LinkedHashMap<>();
        for (Specialties.Specialty specialty : specialties.all()) {
            List<String> reasons = null; // most specialties match none: nothing allocated for them
            for (String trigger : specialty.when()) {
                String reason = facts.get(trigger);
                if (reason != null) {
                    if (reasons == null) {
                        reasons = new ArrayList<>(2);
                    }
                    reasons.add(reason);
                }
            }
            if (reasons != null) {
                chosen.put(specialty.name(), List.copyOf(reasons));
            }
        }
        return new RoutingDecision(chosen);
    }
}
