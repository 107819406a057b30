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

    /** The exchange properties in which store-fanout keeps the batch: as consumed, and as messages. */
    public static final String KAFKA_BATCH_PROPERTY = "vigilKafkaBatch";
    public static final String BATCH_PROPERTY = "vigilStoreBatch";

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
