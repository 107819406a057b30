package org.vigil.testsupport;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.vigil.clinical.PatientVitalsStore;
import org.vigil.clinical.VitalsHistory;

/** A state store in this JVM, for reference runs: what an uninterrupted Vigil would compute. */
public final class InMemoryPatientVitalsStore implements PatientVitalsStore {

    private final Map<String, Map<org.vigil.clinical.News2.Parameter, java.util.List<VitalsHistory.Reading>>> kept = new HashMap<>();
    private final Map<String, java.util.List<VitalsHistory.Located>> locations = new HashMap<>();
    private final Map<String, java.util.List<VitalsHistory.Prescribed>> prescriptions = new HashMap<>();

    @Override
    public Map<String, VitalsHistory> load(Collection<String> patientIds) {
        Map<String, VitalsHistory> found = new HashMap<>();
        patientIds.forEach(id -> {
            if (kept.containsKey(id)) {
                found.put(id, VitalsHistory.of(kept.get(id), locations.getOrDefault(id, java.util.List.of()),
                        prescriptions.getOrDefault(id, java.util.List.of())));
            }
        });
        return found;
    }

    @Override
    public void save(Map<String, VitalsHistory> histories) {
        histories.forEach((id, history) -> {
            kept.put(id, history.readings());
            locations.put(id, history.locations());
            prescriptions.put(id, history.prescriptions());
        });
    }
}
