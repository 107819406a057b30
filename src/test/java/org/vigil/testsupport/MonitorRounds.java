package org.vigil.testsupport;

import java.time.Instant;
import java.util.List;

import org.vigil.simulator.GatewaySimulator;
import org.vigil.simulator.SimulatedPatient;

/** Bedside monitors' reading rounds over MLLP, as the alert tests send them. */
public final class MonitorRounds {

    private MonitorRounds() {
    }

    /**
     * {@code count} rounds a minute apart from {@code from}, each patient's round one PCD-01
     * message; returns the time of the last round.
     */
    public static Instant send(GatewaySimulator.MllpSender monitor, Instant from, int count, List<SimulatedPatient> patients)
            throws Exception {
        Instant time = from;
        for (int i = 0; i < count; i++) {
            time = time.plusSeconds(60);
            for (SimulatedPatient patient : patients) {
                monitor.send(patient.patientId(), patient.nextReadings(time));
            }
        }
        return time;
    }
}
