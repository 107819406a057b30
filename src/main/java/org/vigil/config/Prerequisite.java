package org.vigil.config;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Something Vigil must find in place before it is ready, and puts in place itself when it can:
 * its Kafka topics with their partitions, Elasticsearch's index template, MongoDB's indexes.
 * {@link Prerequisites} tries each at start and again until it is in place; until then Vigil's
 * readiness is DOWN with the reason ({@code /actuator/health/readiness}, component
 * {@code prerequisites}) and the log says why. Never silently skipped: an index created without
 * its template, or a topic with too few partitions, would be wrong for good.
 */
public abstract class Prerequisite {

    /** Where a prerequisite stands. */
    public enum State {
        /** Not checked yet, or its service did not answer: tried again. */
        PENDING,
        /** In place. */
        READY,
        /** Found in a state Vigil must not repair by itself (an operator has to act): checked again. */
        WRONG
    }

    /**
     * @param detail   what is in place, or why not
     * @param attempts how often it was tried
     */
    public record Status(State state, String detail, int attempts, Instant since) {
    }

    /** Thrown by {@link #ensure} when the prerequisite is there but wrong, and Vigil must not change it. */
    public static class Wrong extends Exception {
        public Wrong(String reason) {
            super(reason);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Prerequisite.class);

    private volatile Status status = new Status(State.PENDING, "not checked yet", 0, Instant.now());

    /** A short name for the health details and the log ("kafka-topics"). */
    public abstract String name();

    /**
     * Puts the prerequisite in place, or finds it there; returns what is in place.
     *
     * @throws Wrong when it is there but wrong (reported, checked again later)
     * @throws Exception when its service cannot be reached or refuses (tried again later)
     */
    protected abstract String ensure() throws Exception;

    public final Status status() {
        return status;
    }

    public final boolean ready() {
        return status.state() == State.READY;
    }

    /** One attempt; true when the prerequisite is in place. */
    public final synchronized boolean attempt() {
        Status before = status;
        int attempts = before.attempts() + 1;
        try {
            String detail = ensure();
            status = new Status(State.READY, detail, attempts, Instant.now());
            LOG.info("Ready: {} ({})", name(), detail);
            return true;
        } catch (Wrong e) {
            status = new Status(State.WRONG, e.getMessage(), attempts, before.state() == State.WRONG ? before.since() : Instant.now());
            if (before.state() != State.WRONG || !e.getMessage().equals(before.detail())) {
                LOG.error("Not ready: {} is wrong and Vigil will not change it: {}", name(), e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            String reason = e.toString();
            status = new Status(State.PENDING, reason, attempts, before.state() == State.PENDING ? before.since() : Instant.now());
            // Said once, then every tenth attempt: the health endpoint has it meanwhile.
            if (before.state() != State.PENDING || attempts % 10 == 1) {
                LOG.warn("Not ready: {} could not be put in place (attempt {}, tried again): {}", name(), attempts, reason);
            }
        }
        return false;
    }
}
