package org.vigil.ingest;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.parser.DataFormatException;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;

/**
 * Collects, item by item, what a split input became (accepted, refused, not used), so the sender
 * can be told per entry or row. Failed items were already dead-lettered by the route's error handler; here they only
 * leave their reason. The result is an {@code ArrayList<IngestOutcome>} body.
 */
@Component("ingestOutcomes")
public class IngestOutcomes implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange result, Exchange item) {
        if (result == null) {
            // A fresh exchange, not a copy of the first item: an item's handled failure must not
            // mark the whole input as failed (the caller would stop routing).
            result = new DefaultExchange(item.getContext());
            result.getMessage().setBody(new ArrayList<IngestOutcome>());
        }
        @SuppressWarnings("unchecked")
        List<IngestOutcome> outcomes = result.getMessage().getBody(List.class);
        Object itemBody = item.getMessage().getBody();
        if (item.getException() != null) {
            // Failed before its route's error handler took it (not expected): still answered, as refused,
            // never left out of the answer.
            outcomes.add(IngestOutcome.rejected(item.getProperty(Exchange.SPLIT_INDEX, 0, Integer.class),
                    item.getProperty(Names.Property.SOURCE, String.class), reasonOf(item.getException()), false));
        } else if (item.getProperty(Exchange.EXCEPTION_CAUGHT) == null && itemBody instanceof List<?> nested) {
            // A nested input (an NDJSON line holding a Bundle) already reports per entry.
            nested.stream().filter(IngestOutcome.class::isInstance).map(IngestOutcome.class::cast).forEach(outcomes::add);
        } else if (item.getProperty(Exchange.EXCEPTION_CAUGHT) != null
                || item.getProperty(Names.Property.RECORD_ID) != null || item.getProperty(Names.Property.NOT_USED) != null) {
            outcomes.add(outcomeOf(item));
        } // else a header row or blank line: not an item

        return result;
    }

    /** The outcome of one processed item (or of a whole input that failed before it was split). */
    public static IngestOutcome outcomeOf(Exchange item) {
        int index = item.getProperty(Exchange.SPLIT_INDEX, 0, Integer.class);
        String source = item.getProperty(Names.Property.SOURCE, String.class);
        Throwable failure = item.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure != null) {
            return IngestOutcome.rejected(index, source, reasonOf(failure), isParseError(failure));
        }
        String notUsed = item.getProperty(Names.Property.NOT_USED, String.class);
        if (notUsed != null) {
            return IngestOutcome.notUsed(index, source, notUsed);
        }
        return IngestOutcome.accepted(index, source, item.getProperty(Names.Property.RECORD_ID, String.class));
    }

    /**
     * What the sender of a record should be told beside "accepted": each translation applied to read
     * it and each element skipped as unreadable ({@link FhirInputs} puts them in the entry's outcome).
     */
    public static List<String> notesOf(org.vigil.record.ClinicalRecord record) {
        List<String> notes = new ArrayList<>();
        if (record.translatedFrom() != null) {
            record.translatedFrom().forEach(t -> notes.add("translated: " + t));
        }
        if (record.warnings() != null) {
            record.warnings().forEach(w -> notes.add("not read: " + w));
        }
        return notes;
    }

    public static String reasonOf(Throwable failure) {
        if (failure instanceof InvalidRecordException) {
            return failure.getMessage();
        }
        if (failure instanceof DataFormatException) {
            return "not parseable as FHIR R4 JSON: " + failure.getMessage();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    static boolean isParseError(Throwable failure) {
        return failure instanceof DataFormatException || failure instanceof UnreadableInputException
                || failure.getCause() instanceof DataFormatException;
    }
}
