package org.vigil.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualSyncCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which records of a gathered batch its consumer still owns, after rebalances it could not see record by record. */
class KafkaBatchesTest {

    private static final TopicPartition PARTITION = new TopicPartition("vigil.records", 2);

    private final CamelContext camel = new DefaultCamelContext();
    private final KafkaBatches batches = new KafkaBatches();

    @Test
    void recordsAnotherReaderCommittedWhileTheBatchGatheredAreLeftOut() throws Exception {
        // The partition went to another consumer and came back within one batch's gathering: the
        // other reader read and committed offsets 10 and 11, this consumer's position is past all three.
        MockConsumer<String, String> consumer = consumerAt(13, 12);

        List<Exchange> owned = batches.owned(batch(consumer, 10, 11, 12));

        assertThat(owned).extracting(exchange -> exchange.getMessage().getHeader(KafkaConstants.OFFSET)).containsExactly(12L);
    }

    @Test
    void withoutARebalanceEveryRecordUpToThePositionIsOwned() throws Exception {
        MockConsumer<String, String> consumer = consumerAt(10, 10);
        assertThat(batches.owned(batch(consumer, 8, 9))).as("before the committed offset, after a rebalance: left").isEmpty();

        consumer.seek(PARTITION, 13);
        consumer.commitSync(Map.of(PARTITION, new OffsetAndMetadata(13)));
        assertThat(batches.owned(batch(consumer, 10, 11, 12))).as("the same generation: the broker is not asked, the position decides")
                .hasSize(3);
    }

    /** A consumer holding the partition, its position and the group's committed offset there as given. */
    private static MockConsumer<String, String> consumerAt(long position, long committed) {
        MockConsumer<String, String> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.seek(PARTITION, position);
        consumer.commitSync(Map.of(PARTITION, new OffsetAndMetadata(committed)));
        return consumer;
    }

    private Exchange batch(MockConsumer<String, String> consumer, long... offsets) {
        List<Exchange> records = new ArrayList<>();
        for (long offset : offsets) {
            Exchange record = new DefaultExchange(camel);
            record.getMessage().setHeader(KafkaConstants.OFFSET, offset);
            record.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, new DefaultKafkaManualSyncCommit(
                    new KafkaManualCommitFactory.CamelExchangePayload(record, consumer, "test", null),
                    new KafkaManualCommitFactory.KafkaRecordPayload(PARTITION, offset, 1000), null));
            records.add(record);
        }
        Exchange batch = new DefaultExchange(camel);
        batch.getMessage().setBody(records);
        return batch;
    }
}
