package org.vigil.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.vigil.contract.Durable;
import org.vigil.contract.Names;

/**
 * Kafka batches as the batching consumers hand them (a list of exchanges, one per record): their
 * messages, and their offsets, committed once the batch's work is durable (classification's
 * messages and state, the raw records, a store's writes), and only then: a crash or an outage before
 * that means the batch is read again, and idempotent writes make that harmless. A batch spans
 * several partitions, so each partition's last record is committed.
 */
@Component("kafkaBatches")
public class KafkaBatches {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBatches.class);

    /**
     * The records of the batch this consumer still owns where it fetched them, in order. Camel's
     * batching consumer gathers a batch over several polls; a rebalance inside one of them may
     * give a partition to another consumer, or back to this one from its last committed offset,
     * while records fetched before are still in the batch. Those records will be read again by
     * the partition's reader, so they are left out here (and not committed): kept, they would be
     * handled twice. The same holds after {@link #rewind}: what follows the rewound offsets is read
     * again. A record is owned when its partition is assigned, the consumer's position there is
     * past it and, after a rebalance, the group's committed offset is not
     * ({@link #committedIfRebalanced}). A batch with nothing owned ends the route (nothing to do). Runs on the consumer's
     * thread, as the route does. Also keeps, per partition, the first and last record's commit
     * handle ({@link Names.Property#KAFKA_OFFSETS}) for {@link #commit} and {@link #rewind}: taken
     * now, they do not depend on the records' messages, which the route's steps work on.
     */
    public List<Exchange> owned(Exchange batchExchange) throws org.apache.camel.InvalidPayloadException {
        @SuppressWarnings("unchecked")
        List<Exchange> batch = batchExchange.getMessage().getMandatoryBody(List.class);
        Map<TopicPartition, Long> positions = new HashMap<>();
        Map<TopicPartition, Long> committed = batch.isEmpty() ? Map.of() : committedIfRebalanced(batch);
        List<Exchange> owned = new ArrayList<>(batch.size());
        Map<TopicPartition, Integer> left = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        Map<TopicPartition, DefaultKafkaManualCommit> first = new LinkedHashMap<>();
        Map<TopicPartition, DefaultKafkaManualCommit> last = new LinkedHashMap<>();
        for (Exchange exchange : batch) {
            DefaultKafkaManualCommit commit = handle(exchange);
            TopicPartition partition = commit.getPartition();
            long position = positions.computeIfAbsent(partition, p ->
                    commit.getConsumer().assignment().contains(p) ? commit.getConsumer().position(p) : -1L);
            if (position > commit.getRecordOffset() && commit.getRecordOffset() >= committed.getOrDefault(partition, -1L)) {
                owned.add(exchange);
                first.merge(partition, commit, minOffset());
                last.merge(partition, commit, maxOffset());
            } else {
                left.merge(partition, 1, Integer::sum);
            }
        }
        if (!left.isEmpty()) {
            LOG.info("Left to their partition's reader after a rebalance or a rewind (to be read again there, not twice): {}", left);
        }
        batchExchange.setProperty(Names.Property.KAFKA_OFFSETS, new Offsets(first, last));
        // Read here, on the consumer's own thread: the generation tells a stage that keeps state per
        // partition whether a rebalance happened since its last batch.
        batch.stream().findFirst().map(KafkaBatches::handle)
                .ifPresent(commit -> batchExchange.setProperty(Names.Property.KAFKA_GENERATION, commit.getConsumer().groupMetadata().generationId()));
        if (owned.isEmpty()) {
            batchExchange.setRouteStop(true);
        }
        return owned;
    }

    /** Each consumer's group generation at its last batch (a consumer is one thread's: no two batches of it at once). */
    private final Map<org.apache.kafka.clients.consumer.Consumer<?, ?>, Integer> generations =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * After a rebalance since this consumer's last batch, what the group has committed for the
     * batch's partitions. Several rebalances inside one batch's gathering (instances or consumers
     * joining one after another) can take a partition away and give it back: meanwhile another
     * reader may have read, published and committed records this batch still holds, and the
     * position alone cannot tell. A record below the committed offset was done by that reader.
     * Without a rebalance (the steady state) nothing is asked of the broker.
     */
    private Map<TopicPartition, Long> committedIfRebalanced(List<Exchange> batch) {
        org.apache.kafka.clients.consumer.Consumer<?, ?> consumer = handle(batch.get(0)).getConsumer();
        int generation = consumer.groupMetadata().generationId();
        Integer last = generations.put(consumer, generation);
        if (last != null && last == generation) {
            return Map.of();
        }
        java.util.Set<TopicPartition> partitions = new java.util.HashSet<>();
        for (Exchange exchange : batch) {
            TopicPartition partition = handle(exchange).getPartition();
            if (consumer.assignment().contains(partition)) {
                partitions.add(partition);
            }
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        consumer.committed(partitions).forEach((partition, offset) -> {
            if (offset != null) {
                offsets.put(partition, offset.offset());
            }
        });
        return offsets;
    }

    /** Per partition, the commit handles of a batch's first and last record. */
    public record Offsets(Map<TopicPartition, DefaultKafkaManualCommit> first, Map<TopicPartition, DefaultKafkaManualCommit> last) {
    }

    /** The batch's messages, each with its Kafka headers (topic, partition, offset, key), for a split. */
    public List<Message> messages(@Body List<Exchange> batch) {
        return batch.stream().map(Exchange::getMessage).toList();
    }

    /**
     * For a route that consumes one record at a time ({@code allowManualCommit: true},
     * {@code autoCommitEnable: false}): commits the record's offset once the route's work is done,
     * e.g. as its last step. Then a route stopped (a live change, a shutdown) has committed all it
     * finished, and a failure ({@code breakOnFirstError: true}) is read again, not skipped. Camel's
     * auto-commit does neither: it commits every few seconds and not when the route stops.
     */
    public void commitRecord(@org.apache.camel.Header(KafkaConstants.MANUAL_COMMIT) KafkaManualCommit commit) {
        if (commit == null) {
            throw new IllegalStateException("commitRecord needs a Kafka consumer with allowManualCommit=true");
        }
        commit.commit();
    }

    /** Commits each partition of the batch past its last record (the handles {@link #owned} kept, or the batch's own). */
    public void commit(@Body List<Exchange> batch, @ExchangeProperty(Names.Property.KAFKA_OFFSETS) Offsets offsets) {
        (offsets != null ? offsets.last() : onePerPartition(batch, maxOffset())).values().forEach(KafkaManualCommit::commit);
    }

    /**
     * Commits the batch once its durable work ({@link Names.Property#BATCH_DURABLE}: classification's
     * NEWS2 state, written in the background while the batch's messages were published) is done.
     * Committed at once, not a batch later: a batch left uncommitted while its partition goes quiet
     * would be read again by whoever gets the partition at the next rebalance (instances or
     * consumers joining), its records classified twice and judged twice by the alert lifecycle. A
     * write that fails is tried again from the histories as they are now (the route's policy waits
     * out a store that is down).
     */
    public void commitDurable(Exchange exchange) {
        Offsets offsets = exchange.getProperty(Names.Property.KAFKA_OFFSETS, Offsets.class);
        Durable work = exchange.getProperty(Names.Property.BATCH_DURABLE, Durable.class);
        if (offsets == null || work == null) {
            throw new IllegalStateException("commitDurable needs the batch's offsets (owned) and its durable work");
        }
        work.makeDurable();
        offsets.last().values().forEach(KafkaManualCommit::commit);
    }

    /**
     * The batch failed as a whole (not one of its documents): move each partition back to its
     * first record of the batch, so the next poll reads it again instead of skipping past it.
     */
    public void rewind(@ExchangeProperty(Names.Property.KAFKA_BATCH) List<Exchange> batch,
                       @ExchangeProperty(Names.Property.KAFKA_OFFSETS) Offsets offsets) {
        (offsets != null ? offsets.first() : onePerPartition(batch, minOffset())).values().forEach(commit -> {
            commit.getConsumer().seek(commit.getPartition(), commit.getRecordOffset());
            LOG.warn("Batch not done; {} rewound to offset {} to read it again", commit.getPartition(), commit.getRecordOffset());
        });
    }

    /** Per partition, the record's commit handle that {@code pick} prefers (the last or the first of the batch). */
    private static Map<TopicPartition, DefaultKafkaManualCommit> onePerPartition(List<Exchange> batch,
                                                                                BinaryOperator<DefaultKafkaManualCommit> pick) {
        Map<TopicPartition, DefaultKafkaManualCommit> byPartition = new LinkedHashMap<>();
        for (Exchange exchange : batch) {
            DefaultKafkaManualCommit commit = handle(exchange);
            byPartition.merge(commit.getPartition(), commit, pick);
        }
        return byPartition;
    }

    private static DefaultKafkaManualCommit handle(Exchange exchange) {
        if (!(exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT) instanceof DefaultKafkaManualCommit commit)) {
            throw new IllegalStateException("a batching consumer must run with allowManualCommit=true");
        }
        return commit;
    }

    private static BinaryOperator<DefaultKafkaManualCommit> maxOffset() {
        return BinaryOperator.maxBy(Comparator.comparingLong(DefaultKafkaManualCommit::getRecordOffset));
    }

    private static BinaryOperator<DefaultKafkaManualCommit> minOffset() {
        return BinaryOperator.minBy(Comparator.comparingLong(DefaultKafkaManualCommit::getRecordOffset));
    }
}
