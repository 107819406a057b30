package org.vigil.alert;

import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The alerts as this instance's dashboard stream last saw them (the {@code alert-stream} route
 * hands each event over before the browsers get it). The views ({@link AlertViews}) follow the same
 * topic on their own, a batch and a database write behind: a caregiver who acknowledges an alert the
 * moment it appears must not be told it does not exist. {@link #newest} picks the later version of
 * the two. Bounded (the newest {@value #MAXIMUM} alerts, each kept {@link #KEPT} after its last
 * change), by then the views have long caught up.
 */
@Component("recentAlerts")
public class RecentAlerts {

    static final int MAXIMUM = 10_000;
    static final Duration KEPT = Duration.ofMinutes(15);

    private static final Logger LOG = LoggerFactory.getLogger(RecentAlerts.class);

    private final Cache<String, Alert> alerts = Caffeine.newBuilder().maximumSize(MAXIMUM).expireAfterWrite(KEPT).build();
    private final ObjectMapper json;

    public RecentAlerts(ObjectMapper json) {
        this.json = json;
    }

    /** An event of the alerts topic (its JSON); one that is not an alert event is left out. */
    public void follow(@Body String event) {
        try {
            AlertEvent read = json.readValue(event, AlertEvent.class);
            if (read.alert() != null && read.alert().alertId() != null) {
                follow(read.alert());
            }
        } catch (JsonProcessingException e) {
            LOG.debug("An alerts-topic message that is not an alert event: {}", e.getOriginalMessage());
        }
    }

    void follow(Alert alert) {
        alerts.asMap().merge(alert.alertId(), alert, (held, next) -> next.version() >= held.version() ? next : held);
    }

    /** The later of the stored view and what the stream saw last; empty when neither knows the alert. */
    public Optional<Alert> newest(String alertId, Optional<Alert> stored) {
        Alert seen = alerts.getIfPresent(alertId);
        if (seen == null) {
            return stored;
        }
        return stored.filter(view -> view.version() >= seen.version()).or(() -> Optional.of(seen));
    }
}
