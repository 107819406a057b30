package org.vigil.deadletter;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import org.vigil.contract.Names;

/**
 * Which dead letters to replay; every part left empty matches all.
 *
 * @param reason text the error class or message contains (case-insensitive), e.g. {@code document_parsing_exception}
 * @param route  the failing route, or a prefix of it ({@code store-} for both stores)
 * @param source the start of the source, e.g. {@code file:heart.csv} or {@code kafka:vigil.classified}
 * @param since  failed at or after this time
 * @param until  failed before this time
 */
public record ReplayFilter(String reason, String route, String source, Instant since, Instant until) {

    public static final ReplayFilter ALL = new ReplayFilter(null, null, null, null, null);

    /** @param headers the dead letter's headers as text */
    public boolean matches(Map<String, String> headers) {
        if (present(reason)) {
            String text = (headers.getOrDefault(Names.Header.ERROR_CLASS, "") + " "
                    + headers.getOrDefault(Names.Header.ERROR_MESSAGE, "")).toLowerCase(Locale.ROOT);
            if (!text.contains(reason.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        if (present(route) && !headers.getOrDefault(Names.Header.ERROR_ROUTE, "").startsWith(route)) {
            return false;
        }
        if (present(source) && !headers.getOrDefault(Names.Header.SOURCE, "").startsWith(source)) {
            return false;
        }
        if (since != null || until != null) {
            Instant failedAt = failedAt(headers.get(Names.Header.ERROR_TIME));
            if (failedAt == null || since != null && failedAt.isBefore(since) || until != null && !failedAt.isBefore(until)) {
                return false;
            }
        }
        return true;
    }

    private static Instant failedAt(String time) {
        try {
            return time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
