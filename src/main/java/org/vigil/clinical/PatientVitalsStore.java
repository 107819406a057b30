package org.vigil.clinical;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Where the patients' NEWS2 readings are kept durably between batches: the seam between the NEWS2
 * window (clinical logic, state in memory) and its storage. One call per batch each way, never one
 * per record. Implementations live outside the domain packages ({@code org.vigil.state}).
 */
public interface PatientVitalsStore {

    /** The histories kept for these patients; a patient without one is absent from the answer. */
    Map<String, VitalsHistory> load(Collection<String> patientIds);

    /** Makes these histories durable, replacing what was kept for those patients; returns once they are. */
    void save(Map<String, VitalsHistory> histories);

    /** Those of these patients for whom SpO2 scale 2 is prescribed. */
    Set<String> hypercapnic(Collection<String> patientIds);

    void setHypercapnic(String patientId, boolean hypercapnic);
}
