package org.vigil.alert;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.springframework.stereotype.Component;
import org.vigil.config.VigilProperties;

/** Alert events as messages for the alerts topic (JSON, keyed by {@link AlertEvent#key()}), and their ids. */
@Component
public class AlertMessages {

    private final CamelContext camel;
    private final ObjectMapper json;
    private final String alertsTopic;

    @org.springframework.beans.factory.annotation.Autowired
    public AlertMessages(CamelContext camel, ObjectMapper json, VigilProperties vigil) {
        this(camel, json, vigil.kafka().topics().alerts());
    }

    AlertMessages(CamelContext camel, ObjectMapper json, String alertsTopic) {
        this.camel = camel;
        this.json = json;
        this.alertsTopic = alertsTopic;
    }

    public Message message(AlertEvent event) {
        Message message = new DefaultMessage(camel);
        message.setHeader(KafkaConstants.OVERRIDE_TOPIC, alertsTopic);
        message.setHeader(KafkaConstants.KEY, event.key());
        try {
            message.setBody(json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an alert event as JSON", e);
        }
        return message;
    }

    /** A name-based UUID: the same name always gives the same id (what makes an event worked out twice the same event). */
    static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
