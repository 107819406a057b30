package org.vigil.ingest;

/**
 * What became of one item of an input (a Bundle entry, a CSV row): accepted as a record, refused
 * (and dead-lettered) with a reason, or not used (valid, but nothing Vigil reads) with a reason.
 */
public record IngestOutcome(int index, String source, String recordId, String rejection, boolean badRequest, String notUsed,
                            java.util.List<String> notes) {

    public IngestOutcome {
        notes = notes == null ? java.util.List.of() : java.util.List.copyOf(notes);
    }

    public static IngestOutcome accepted(int index, String source, String recordId) {
        return accepted(index, source, recordId, java.util.List.of());
    }

    /** @param notes what the sender should know about how it was read: translations applied, elements skipped */
    public static IngestOutcome accepted(int index, String source, String recordId, java.util.List<String> notes) {
        return new IngestOutcome(index, source, recordId, null, false, null, notes);
    }

    public static IngestOutcome rejected(int index, String source, String reason, boolean badRequest) {
        return new IngestOutcome(index, source, null, reason, badRequest, null, null);
    }

    public static IngestOutcome notUsed(int index, String source, String reason) {
        return new IngestOutcome(index, source, null, null, false, reason, null);
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
