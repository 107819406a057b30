package org.vigil.store;

/**
 * A message a store refused for good (a mapping error, a document too large): it goes to the
 * dead-letter topic with the store's own words, and the rest of its batch is written.
 *
 * @param store  {@code mongodb} or {@code elasticsearch}
 * @param target the collection or index it was meant for
 */
public record StoreRejection(StoredMessage message, String store, String target, String reason) {
}
