package org.vigil.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;

/**
 * Caregivers' requests about alerts. An acknowledgement is checked against the alert as it stands
 * (the later of its view and what this instance's stream saw last, {@link RecentAlerts}: an alert
 * on the page is known even before its view is written; unknown: not found; acknowledged or
 * resolved already: refused), then published as an
 * {@link AlertCommand} keyed by patient and applied by the lifecycle in order with the patient's
 * records: the {@code acknowledged} event on the alerts topic is what says it happened.
 */
@Component
public class AlertCommands {

    /** What became of a request. */
    public enum Outcome { ACCEPTED, NOT_FOUND, NOT_OPEN }

    public record Answer(Outcome outcome, String commandId, Alert alert, String message) {
    }

    private final AlertViews views;
    private final RecentAlerts recent;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    public AlertCommands(AlertViews views, RecentAlerts recent, ProducerTemplate producer, ObjectMapper json) {
        this(views, recent, producer, json, Clock.systemUTC());
    }

    AlertCommands(AlertViews views, RecentAlerts recent, ProducerTemplate producer, ObjectMapper json, Clock clock) {
        this.views = views;
        this.recent = recent;
        this.producer = producer;
        this.json = json;
        this.clock = clock;
    }

    /** @param by who acknowledges (the signed-in caregiver) */
    public Answer acknowledge(String alertId, String by) {
        Alert alert = recent.newest(alertId, views.find(alertId)).orElse(null);
        if (alert == null) {
            return new Answer(Outcome.NOT_FOUND, null, null, "no alert " + alertId);
        }
        if (alert.status() != AlertStatus.OPEN || alert.patientId() == null) {
            return new Answer(Outcome.NOT_OPEN, null, alert, "alert " + alertId + " is " + alert.status().id()
                    + (alert.acknowledgedBy() != null ? " (by " + alert.acknowledgedBy() + ")" : ""));
        }
        AlertCommand command = new AlertCommand(UUID.randomUUID().toString(), AlertCommand.ACKNOWLEDGE, alertId, alert.patientId(),
                alert.condition(), by, Instant.now(clock));
        try {
            producer.sendBodyAndHeader(Names.Route.direct(Names.Route.ALERT_COMMAND), json.writeValueAsString(command),
                    KafkaConstants.KEY, alert.patientId());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an alert command as JSON", e);
        }
        return new Answer(Outcome.ACCEPTED, command.commandId(), alert, "acknowledgement of " + alertId + " by " + by + " accepted");
    }
}
