package org.vigil.alert;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Follows the alerts topic into what caregivers read (the {@code alert-views} route, a Kafka batch
 * at a time): each alert as it stands and its audit trail ({@link AlertViews#record}). Off the
 * alert path: the lifecycle publishes an event and goes on; a slow or stopped view store only
 * delays the views, and the batch is read again until it is written.
 */
@Component("alertViewsRecorder")
public class AlertViewsRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(AlertViewsRecorder.class);

    private final AlertViews views;
    private final ObjectMapper json;

    public AlertViewsRecorder(AlertViews views, ObjectMapper json) {
        this.views = views;
        this.json = json;
    }

    /** Records a batch of the alerts topic's events; one that cannot be read (not Vigil's) is logged and left out. */
    public int record(@Body List<Exchange> batch) {
        List<AlertEvent> events = new ArrayList<>(batch.size());
        for (Exchange exchange : batch) {
            Message message = exchange.getMessage();
            try {
                AlertEvent event = json.readValue(message.getBody(String.class), AlertEvent.class);
                if (event.eventId() == null || event.alert() == null || event.alert().alertId() == null) {
                    throw new IllegalArgumentException("an alert event needs eventId and alert.alertId");
                }
                events.add(event);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                LOG.warn("An alerts-topic message that is not an alert event is not recorded ({}:{}:{}): {}",
                        message.getHeader(KafkaConstants.TOPIC), message.getHeader(KafkaConstants.PARTITION),
                        message.getHeader(KafkaConstants.OFFSET), e.getClass().getSimpleName());
            }
        }
        views.record(events);
        return events.size();
    }
}
