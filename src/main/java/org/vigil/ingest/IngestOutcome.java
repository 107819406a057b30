package org.vigil.ingest;

/**
 * What became of one item of an input (a Bundle entry, a CSV row): accepted as a record, refused
 * (and dead-lettered) with a reason, or not used (valid, but nothing Vigil reads) with a reason.
 */
public record IngestOutcome(int index, String source, String recordId, String rejection, boolean badRequest, String notUsed) {

    public static IngestOutcome accepted(int index, String source, String recordId) {
        return new IngestOutcome(index, source, recordId, null, false, null);
    }

    public static IngestOutcome rejected(int index, String source, String reason, boolean badRequest) {
        return new IngestOutcome(index, source, null, reason, badRequest, null);
    }

    public static IngestOutcome notUsed(int index, String source, String reason) {
        return new IngestOutcome(index, source, null, null, false, reason);
    }

    public boolean isAccepted() {
        return rejection == null && notUsed == null;
    }

    public boolean isRefused() {
        return rejection != null;
    }

    public boolean isNotUsed() {
        return notUsed != null;
    }
}
