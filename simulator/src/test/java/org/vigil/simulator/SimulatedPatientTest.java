package org.vigil.simulator;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.FhirObservations;
import org.vigil.record.ClinicalRecord;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedPatientTest {

    private final FhirObservations observations = org.vigil.testsupport.Fhir.observations();

    @Test
    void everyReadingIsValidInputAndEpisodesHappen() {
        Set<Episode> seen = EnumSet.noneOf(Episode.class);
        double lowestSystolic = Double.MAX_VALUE;
        double highestSystolic = 0;
        for (int number = 1; number <= 20; number++) {
            SimulatedPatient patient = new SimulatedPatient(number, 7, 0.05);
            for (int round = 0; round < 200; round++) {
                List<Observation> readings = patient.nextReadings(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(round * 60L));
                seen.add(patient.episode());
                assertThat(readings).hasSize(5);
                for (Observation reading : readings) {
                    ClinicalRecord record = (ClinicalRecord) observations.interpret(reading, "sim:" + number + ":" + round);
                    assertThat(record.patientId()).isEqualTo("Patient/sim-" + number);
                    if (record.vitals().systolicMmHg() != null) {
                        lowestSystolic = Math.min(lowestSystolic, record.vitals().systolicMmHg());
                        highestSystolic = Math.max(highestSystolic, record.vitals().systolicMmHg());
                    }
                }
            }
        }
        assertThat(seen).containsAll(EnumSet.allOf(Episode.class));
        assertThat(lowestSystolic).as("hypotension episodes reach below 90").isLessThan(90);
        assertThat(highestSystolic).as("hypertensive crises reach above 180").isGreaterThan(180);
    }

    @Test
    void theSameSeedGivesTheSameWard() {
        Instant time = Instant.parse("2026-01-01T00:00:00Z");
        var first = new SimulatedPatient(3, 42, 0.1).nextReadings(time);
        var again = new SimulatedPatient(3, 42, 0.1).nextReadings(time);
        assertThat(first.get(1).getValueQuantity().getValue()).isEqualTo(again.get(1).getValueQuantity().getValue());
    }

    @Test
    void durationsAndOptionsParse() {
        assertThat(GatewaySimulator.duration("90s").getSeconds()).isEqualTo(90);
        assertThat(GatewaySimulator.duration("5m").getSeconds()).isEqualTo(300);
        assertThat(GatewaySimulator.duration("12").getSeconds()).isEqualTo(12);
        assertThat(GatewaySimulator.options(new String[] {"--patients", "5", "--to", "kafka"}))
                .containsEntry("patients", "5").containsEntry("to", "kafka");
    }
}
