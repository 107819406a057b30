package org.vigil.store;

import org.vigil.contract.Names;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Commits a store batch's offsets once both stores have it, and only then: a crash or an outage
 * before that means the batch is read again, and idempotent writes make that harmless. A batch
 * spans several partitions, so each partition's last record is committed.
 */
@Component("kafkaBatchOffsets")
public class KafkaBatchOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBatchOffsets.class);

    public void commit(@Body List<Exchange> batch) {
        onePerPartition(batch, maxOffset()).values().forEach(KafkaManualCommit::commit);
    }

    /**
     * The batch failed as a whole (not one of its documents): move each partition back to its
     * first record of the batch, so the next poll reads it again instead of skipping past it.
     */
    public void rewind(@ExchangeProperty(Names.Property.KAFKA_BATCH) List<Exchange> batch) {
        onePerPartition(batch, minOffset()).values().forEach(commit -> {
            commit.getConsumer().seek(commit.getPartition(), commit.getRecordOffset());
            LOG.warn("Store batch not written; {} rewound to offset {} to read it again", commit.getPartition(), commit.getRecordOffset());
        });
    }

    /** Per partition, the record's commit handle that {@code pick} prefers (the last or the first of the batch). */
    private static Map<TopicPartition, DefaultKafkaManualCommit> onePerPartition(List<Exchange> batch,
                                                                                BinaryOperator<DefaultKafkaManualCommit> pick) {
        Map<TopicPartition, DefaultKafkaManualCommit> byPartition = new LinkedHashMap<>();
        for (Exchange exchange : batch) {
            if (!(exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT) instanceof DefaultKafkaManualCommit commit)) {
                throw new IllegalStateException("the store consumer must run with allowManualCommit=true");
            }
            byPartition.merge(commit.getPartition(), commit, pick);
        }
        return byPartition;
    }

    private static BinaryOperator<DefaultKafkaManualCommit> maxOffset() {
        return BinaryOperator.maxBy(Comparator.comparingLong(DefaultKafkaManualCommit::getRecordOffset));
    }

    private static BinaryOperator<DefaultKafkaManualCommit> minOffset() {
        return BinaryOperator.minBy(Comparator.comparingLong(DefaultKafkaManualCommit::getRecordOffset));
    }
}
