package org.vigil.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.contract.Names;
import org.vigil.state.MongoAlertStore;
import org.vigil.testsupport.InMemoryMongo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An acknowledgement is checked against the newest the instance knows of the alert: its view
 * (MongoDB, written from the alerts topic a batch behind) or what the dashboard's stream saw last.
 * A caregiver who acknowledges an alert the moment it is on the page, before its view is written,
 * is accepted; one whose view is behind an acknowledgement the stream saw is refused.
 */
class AlertCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Instant OPENED = Instant.parse("2026-12-07T08:00:00Z");

    @RegisterExtension
    final InMemoryMongo mongo = new InMemoryMongo();

    private final CamelContext camel = new DefaultCamelContext();
    /** The commands published, each with its Kafka key. */
    private final List<Map.Entry<String, String>> published = new CopyOnWriteArrayList<>();
    private MongoAlertStore views;
    private RecentAlerts recent;
    private AlertCommands commands;

    @BeforeEach
    void setUp() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(Names.Route.direct(Names.Route.ALERT_COMMAND))
                        .process(e -> published.add(Map.entry(e.getMessage().getHeader(KafkaConstants.KEY, String.class),
                                e.getMessage().getBody(String.class))));
            }
        });
        camel.start();
        views = new MongoAlertStore(mongo.client(), JSON, "vigil", "alert_state", "alerts", "alert_audit");
        recent = new RecentAlerts(JSON);
        commands = new AlertCommands(views, recent, camel.createProducerTemplate(), JSON);
    }

    @AfterEach
    void tearDown() {
        camel.stop();
    }

    @Test
    void anAlertTheStreamHasShownIsAcknowledgedBeforeItsViewIsWritten() throws Exception {
        Alert open = alert("a-1", AlertStatus.OPEN, 1);
        recent.follow(JSON.writeValueAsString(new AlertEvent("e-1", AlertEventType.OPENED, OPENED, null, open)));
        assertThat(views.find("a-1")).as("its view not written yet").isEmpty();

        AlertCommands.Answer answer = commands.acknowledge("a-1", "alice");

        assertThat(answer.outcome()).isEqualTo(AlertCommands.Outcome.ACCEPTED);
        assertThat(published).hasSize(1);
        assertThat(published.get(0).getKey()).as("keyed by patient").isEqualTo("Patient/p-1");
        AlertCommand command = JSON.readValue(published.get(0).getValue(), AlertCommand.class);
        assertThat(command.alertId()).isEqualTo("a-1");
        assertThat(command.condition()).isEqualTo("news2");
        assertThat(command.by()).isEqualTo("alice");
    }

    @Test
    void anAcknowledgementTheStreamHasSeenIsRefusedEvenIfTheViewStillSaysOpen() throws Exception {
        Alert open = alert("a-2", AlertStatus.OPEN, 1);
        views.record(List.of(new AlertEvent("e-2", AlertEventType.OPENED, OPENED, null, open)));
        recent.follow(JSON.writeValueAsString(new AlertEvent("e-3", AlertEventType.ACKNOWLEDGED, OPENED.plusSeconds(5), "bob",
                open.acknowledged("bob", OPENED.plusSeconds(5)))));

        AlertCommands.Answer answer = commands.acknowledge("a-2", "alice");

        assertThat(answer.outcome()).isEqualTo(AlertCommands.Outcome.NOT_OPEN);
        assertThat(answer.message()).contains("by bob");
        assertThat(published).isEmpty();
    }

    @Test
    void theViewWinsWhenItIsNewerAndAnUnknownAlertIsNotFound() throws Exception {
        Alert open = alert("a-3", AlertStatus.OPEN, 1);
        recent.follow(JSON.writeValueAsString(new AlertEvent("e-4", AlertEventType.OPENED, OPENED, null, open)));
        views.record(List.of(new AlertEvent("e-5", AlertEventType.ACKNOWLEDGED, OPENED.plusSeconds(5), "bob",
                open.acknowledged("bob", OPENED.plusSeconds(5)))));
        recent.follow("{\"not\": \"an alert event\"}");

        assertThat(commands.acknowledge("a-3", "alice").outcome()).isEqualTo(AlertCommands.Outcome.NOT_OPEN);
        assertThat(commands.acknowledge("no-such-alert", "alice").outcome()).isEqualTo(AlertCommands.Outcome.NOT_FOUND);
        assertThat(published).isEmpty();
    }

    private static Alert alert(String alertId, AlertStatus status, long version) {
        return new Alert(alertId, "Patient/p-1", "news2", "NEWS2 urgent", Severity.URGENT, status, "news2-urgent", "NEWS2 6",
                null, Map.of(), Map.of("total", 6, "band", "medium"), null, "r-1", OPENED, OPENED, OPENED, 0, null, null, null, version);
    }
}
