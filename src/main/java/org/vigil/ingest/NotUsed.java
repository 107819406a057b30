package org.vigil.ingest;

/**
 * Valid input that Vigil has no use for: another resource type, an Observation that is not a
 * measurement Vigil reads, a cancelled one. Counted per kind and answered with an information
 * issue; never dead-lettered, because nothing is wrong with it.
 *
 * @param kind   what it was, for the counter (a small set): a resource type, {@code Observation:other}
 *               (not a measurement Vigil reads), {@code Observation:status-<status>}
 * @param reason what the sender is told
 */
public record NotUsed(String kind, String reason) {
}
