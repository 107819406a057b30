package org.vigil.store;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/** The messages of a Kafka consumer batch (a list of exchanges, one per record) as plain values. */
@Component("storeBatches")
public class StoreBatches {

    public List<StoredMessage> of(@Body List<Exchange> batch) {
        List<StoredMessage> messages = new ArrayList<>(batch.size());
        for (Exchange exchange : batch) {
            Message message = exchange.getMessage();
            messages.add(new StoredMessage(
                    message.getHeader(KafkaConstants.TOPIC, String.class),
                    message.getHeader(KafkaConstants.PARTITION, Integer.class),
                    message.getHeader(KafkaConstants.OFFSET, Long.class),
                    message.getHeader(KafkaConstants.KEY, String.class),
                    message.getBody(String.class)));
        }
        return messages;
    }
}
