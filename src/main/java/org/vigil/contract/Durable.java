package org.vigil.contract;

/**
 * The work of a Kafka batch that must be durable before the batch's offsets are committed (for
 * classification, the NEWS2 state the batch changed, written in the background while its messages
 * were published). {@link #makeDurable} returns once it is, waiting for or doing the write; a
 * failure throws, and calling again tries again.
 */
public interface Durable {

    void makeDurable();
}
