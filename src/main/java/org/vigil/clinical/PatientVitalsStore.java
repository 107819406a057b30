package org.vigil.clinical;

import java.util.Collection;
import java.util.Map;

/**
 * Where the patients' NEWS2 readings are kept durably between batches: the seam between the NEWS2
 * window (clinical logic, state in memory) and its storage. One call per batch each way, never one
 * per record. Implementations live outside the domain packages ({@code org.vigil.state}).
 */
public interface PatientVitalsStore {

    /**
     * The histories kept for these patients (their readings, moves and SpO2 scale prescriptions);
     * a patient without one is absent from the answer.
     */
    Map<String, VitalsHistory> load(Collection<String> patientIds);

    /** Makes these histories durable, replacing what was kept for those patients; returns once they are. */
    void save(Map<String, VitalsHistory> histories);
}
