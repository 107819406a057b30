package org.vigil.alert;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * What the notification routes send: which alert events caregivers are told of (every change
 * but an update of values, {@link AlertEventType#notifies()}), the key under which a channel
 * remembers it delivered one, and the e-mail for an event.
 */
@Component("alertNotifications")
public class AlertNotifications {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneId.of("UTC"));

    private final ObjectMapper json;

    public AlertNotifications(ObjectMapper json) {
        this.json = json;
    }

    public boolean notifies(@Body String event) throws JsonProcessingException {
        return read(event).type().notifies();
    }

    /** A channel's key for an event: one delivery per channel and event id. */
    public String deliveryKey(String channel, @Body String event) throws JsonProcessingException {
        return channel + ":" + read(event).eventId();
    }

    /** Sets the subject and the plain-text body of the e-mail for an event. */
    public void email(Exchange exchange) throws JsonProcessingException {
        AlertEvent event = read(exchange.getMessage().getBody(String.class));
        exchange.getMessage().setHeader("Subject", subject(event));
        exchange.getMessage().setBody(text(event));
    }

    static String subject(AlertEvent event) {
        Alert alert = event.alert();
        return "[Vigil " + alert.severity().id().toUpperCase(java.util.Locale.ROOT) + "] " + event.type().id() + ": " + alert.title()
                + (alert.patientId() != null ? " - " + alert.patientId() : "") + where(alert);
    }

    static String text(AlertEvent event) {
        Alert alert = event.alert();
        StringBuilder text = new StringBuilder();
        text.append(alert.title()).append(" (").append(alert.severity().id()).append("), ").append(event.type().id())
                .append(event.by() != null ? " by " + event.by() : "").append(" at ").append(TIME.format(event.at())).append("\n\n");
        line(text, "Patient", alert.patientId());
        line(text, "Location", alert.location() == null ? null : String.join(" / ", java.util.Arrays.asList(
                alert.location().ward(), alert.location().room(), alert.location().bed()).stream().filter(java.util.Objects::nonNull).toList()));
        line(text, "Why", alert.reason());
        line(text, "Rule", alert.rule());
        if (alert.news2() != null) {
            line(text, "NEWS2", alert.news2().get("total") + " (" + alert.news2().get("band") + ")");
        }
        if (alert.risk() != null) {
            line(text, "Risk score", org.vigil.event.Trigger.twoDecimals(alert.risk()));
        }
        if (!alert.values().isEmpty()) {
            line(text, "Values", alert.values().entrySet().stream().map(Map.Entry::toString).collect(Collectors.joining(", ")));
        }
        line(text, "Opened", alert.openedAt() == null ? null : TIME.format(alert.openedAt()));
        line(text, "Status", alert.status().id() + (alert.acknowledgedBy() != null ? " (acknowledged by " + alert.acknowledgedBy() + ")" : ""));
        line(text, "Alert id", alert.alertId());
        line(text, "Event id", event.eventId());
        return text.toString();
    }

    private static String where(Alert alert) {
        return alert.location() == null || alert.location().ward() == null ? "" : " (" + alert.location().ward() + ")";
    }

    private static void line(StringBuilder text, String name, Object value) {
        if (value != null) {
            text.append(String.format("%-11s %s%n", name + ":", value));
        }
    }

    private AlertEvent read(String event) throws JsonProcessingException {
        return json.readValue(event, AlertEvent.class);
    }
}
