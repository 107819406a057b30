package org.vigil.alert;

/**
 * A patient's state for one rule: the alert it last had (open, acknowledged, or resolved), the
 * position (partition and offset of the classified topic) of the last record that changed it, and
 * that of the last caregiver's command applied to it (on the alert-commands topic). A record or a
 * command at or before its position has been applied already (a batch read again after a crash),
 * so it changes nothing a second time.
 *
 * @param version the alert's version as loaded: saving expects it unchanged meanwhile
 */
public record AlertSlot(String patientId, String condition, Alert alert, int partition, long offset,
                        int commandPartition, long commandOffset, long version) {

    /** A slot no command has changed yet. */
    public AlertSlot(String patientId, String condition, Alert alert, int partition, long offset, long version) {
        this(patientId, condition, alert, partition, offset, -1, -1, version);
    }

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

    /** Whether the command at this position (of the alert-commands topic) was applied already. */
    public boolean commandApplied(int commandPartition, long commandOffset) {
        return this.commandPartition == commandPartition && commandOffset <= this.commandOffset;
    }

    /** This slot with another version (as it is durable now). */
    AlertSlot atVersion(long durable) {
        return new AlertSlot(patientId, condition, alert, partition, offset, commandPartition, commandOffset, durable);
    }
}
