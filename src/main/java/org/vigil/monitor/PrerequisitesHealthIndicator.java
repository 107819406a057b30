package org.vigil.monitor;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;
import org.vigil.config.Prerequisite;
import org.vigil.config.Prerequisites;

/**
 * Health component {@code prerequisites}, part of readiness: UP once Vigil's topics (with their
 * partitions), Elasticsearch's index template and MongoDB's indexes are in place; DOWN until then,
 * with each one's state, reason and attempts (operators see the details).
 */
@Component
public class PrerequisitesHealthIndicator extends AbstractHealthIndicator {

    private final Prerequisites prerequisites;

    public PrerequisitesHealthIndicator(Prerequisites prerequisites) {
        super("Prerequisites health check failed");
        this.prerequisites = prerequisites;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        for (Prerequisite prerequisite : prerequisites.all()) {
            Prerequisite.Status status = prerequisite.status();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", status.state());
            detail.put("detail", status.detail());
            detail.put("attempts", status.attempts());
            detail.put("since", status.since().toString());
            builder.withDetail(prerequisite.name(), detail);
        }
        if (prerequisites.ready()) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
