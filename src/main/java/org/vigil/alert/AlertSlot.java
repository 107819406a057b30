package org.vigil.alert;

/**
 * A patient's state for one rule: the alert it last had (open, acknowledged, or resolved), and the
 * position (partition and offset of the classified topic) of the last record that changed it. A
 * record at or before that position has been applied already (a batch read again after a crash),
 * so it changes nothing a second time.
 *
 * @param version the alert's version as loaded: saving expects it unchanged meanwhile
 */
public record AlertSlot(String patientId, String condition, Alert alert, int partition, long offset, long version) {

    public static String id(String patientId, String condition) {
        return patientId + "|" + condition;
    }

    public String id() {
        return id(patientId, condition);
    }

    /** Whether the record at this position was applied already. */
    public boolean applied(int recordPartition, long recordOffset) {
        return partition == recordPartition && recordOffset <= offset;
    }
}
