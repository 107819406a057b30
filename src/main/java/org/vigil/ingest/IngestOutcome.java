package org.vigil.ingest;

/**
 * What became of one item of an input (a Bundle entry, a CSV row): accepted as a record, or
 * rejected (and dead-lettered) with a reason.
 */
public record IngestOutcome(int index, String source, String recordId, String rejection, boolean badRequest) {

    public static IngestOutcome accepted(int index, String source, String recordId) {
        return new IngestOutcome(index, source, recordId, null, false);
    }

    public static IngestOutcome rejected(int index, String source, String reason, boolean badRequest) {
        return new IngestOutcome(index, source, null, reason, badRequest);
    }

    public boolean isAccepted() {
        return rejection == null;
    }
}
