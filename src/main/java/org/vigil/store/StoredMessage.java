package org.vigil.store;

/**
 * One message of a store batch, as it was consumed: where it sits in Kafka (so a rejection can
 * name it and a replay can put it back) and its value, the JSON the stores write.
 */
public record StoredMessage(String topic, int partition, long offset, String key, String value) {

    /** Where to find the message again, in the form every Vigil source takes. */
    public String source() {
        return "kafka:" + topic + ":" + partition + ":" + offset;
    }
}
