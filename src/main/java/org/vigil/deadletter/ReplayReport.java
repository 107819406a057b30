package org.vigil.deadletter;

import java.util.List;

/**
 * What a replay did.
 *
 * @param examined     dead letters read
 * @param matched      of those, the ones the filter selected
 * @param replayed     put back where they came from successfully
 * @param failed       refused again (each is a new dead letter with the new reason)
 * @param notReplayable selected but with nowhere to go back to (e.g. a whole file refused as not UTF-8)
 * @param failures     the first reasons of the failures
 */
public record ReplayReport(long examined, long matched, long replayed, long failed, long notReplayable, List<String> failures) {
}
