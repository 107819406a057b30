package org.vigil.contract;

/**
 * What a batch stage refused (a Kafka record, or one entry of it), for the dead letter: the bytes
 * as they arrived, where they came from, where a replay sends them, and why. The stages that read
 * a Kafka batch in one call (raw ingest, classification, the alert lifecycle) hand these to the
 * dead-letter route instead of failing the batch.
 *
 * @param route  the route that refused it ({@link Names.Route})
 * @param source where it came from, e.g. {@code kafka:vigil.raw:3:1207/entry/2}
 * @param topic  the topic it was consumed from (a replay publishes it there again)
 * @param key    its Kafka key, null when it had none
 * @param value  the bytes as they arrived
 * @param reason why it was refused
 */
public record Refusal(String route, String source, String topic, String key, byte[] value, Exception reason) {

    /** A whole Kafka record, named by its topic, partition and offset. */
    public static Refusal ofRecord(String route, String topic, int partition, long offset, String key, byte[] value, Exception reason) {
        return new Refusal(route, sourceOf(topic, partition, offset), topic, key, value, reason);
    }

    /** How a Kafka record is named as a source: {@code kafka:<topic>:<partition>:<offset>}. */
    public static String sourceOf(String topic, int partition, long offset) {
        return "kafka:" + topic + ":" + partition + ":" + offset;
    }
}
