package org.vigil.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.Consciousness;
import org.vigil.record.VitalSigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HL7 R4 vital-sign examples (src/test/resources/fhir/), and what is refused. */
class FhirObservationsTest {

    private static final FhirContext FHIR = FhirContext.forR4();
    private final FhirObservations observations = new FhirObservations();

    static Observation example(String name) {
        try {
            String json = Files.readString(Path.of("src/test/resources/fhir/" + name + ".json"));
            return FHIR.newJsonParser().parseResource(Observation.class, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ClinicalRecord map(Observation observation) {
        return observations.toRecord(observation, "test:" + observation.getIdElement().getIdPart());
    }

    @Test
    void bloodPressurePanelGivesSystolicAndDiastolic() {
        ClinicalRecord record = map(example("blood-pressure"));

        assertThat(record.vitals().systolicMmHg()).isEqualTo(107.0);
        assertThat(record.vitals().diastolicMmHg()).isEqualTo(60.0);
        assertThat(record.patientId()).isEqualTo("Patient/example");
        assertThat(record.effectiveTime()).isNotNull(); // a date only: its instant depends on the server's zone
        assertThat(record.recordId()).isEqualTo("Observation/blood-pressure");
        assertThat(record.heart()).isNull();
    }

    @Test
    void heartRateRespiratoryRateSpo2AndTemperatureMapWithTheirUnits() {
        assertThat(map(example("heart-rate")).vitals().heartRatePerMin()).isEqualTo(44.0);
        assertThat(map(example("respiratory-rate")).vitals().respiratoryRatePerMin()).isEqualTo(26.0);
        ClinicalRecord spo2 = map(example("oxygen-saturation"));
        assertThat(spo2.vitals().spo2Percent()).isEqualTo(95.0);
        assertThat(spo2.device()).isEqualTo("DeviceMetric/example");
        assertThat(spo2.effectiveTime()).isEqualTo(Instant.parse("2014-12-05T08:30:10Z"));
        assertThat(map(example("body-temperature")).vitals().temperatureCelsius()).isEqualTo(36.5);
    }

    @Test
    void fahrenheitIsConvertedToCelsius() {
        Observation temperature = example("body-temperature");
        temperature.setValue(new Quantity().setValue(101.3).setSystem(FhirObservations.UCUM).setCode("[degF]"));
        assertThat(map(temperature).vitals().temperatureCelsius()).isEqualTo(38.5);
    }

    @Test
    void versionedResourcesGetVersionedIdsAndAnonymousOnesAHashOfTheirSource() {
        Observation versioned = example("heart-rate");
        versioned.getMeta().setVersionId("3");
        assertThat(map(versioned).recordId()).isEqualTo("Observation/heart-rate/_history/3");

        Observation anonymous = example("heart-rate");
        anonymous.setId((String) null);
        ClinicalRecord record = observations.toRecord(anonymous, "http:req-1");
        assertThat(record.recordId()).isEqualTo(RecordIds.fromSource("http:req-1")).hasSize(32);
    }

    @Test
    void dataAbsentReasonIsKeptAndNoValueInvented() {
        Observation absent = example("heart-rate");
        absent.setValue(null);
        absent.getDataAbsentReason().setText("patient refused");
        ClinicalRecord record = map(absent);
        assertThat(record.vitals()).isEqualTo(VitalSigns.none());
        assertThat(record.dataAbsentReason()).isEqualTo("patient refused");
    }

    @Test
    void acvpuLevelOfConsciousness() {
        Observation acvpu = example("heart-rate");
        acvpu.getCode().getCodingFirstRep().setCode(FhirObservations.RESPONSIVENESS);
        acvpu.setValue(new org.hl7.fhir.r4.model.CodeableConcept().setText("Voice"));
        assertThat(map(acvpu).vitals().consciousness()).isEqualTo(Consciousness.VOICE);
    }

    @Test
    void wrongUnitsAndImpossibleValuesAreRefusedWithTheirReason() {
        Observation kpa = example("blood-pressure");
        kpa.getComponentFirstRep().setValue(new Quantity().setValue(14).setSystem(FhirObservations.UCUM).setCode("kPa"));
        assertThatThrownBy(() -> map(kpa)).hasMessage("component 8480-6 has unit 'kPa', expected mm[Hg]");

        Observation negative = example("blood-pressure");
        ((Quantity) negative.getComponentFirstRep().getValue()).setValue(-120);
        assertThatThrownBy(() -> map(negative)).hasMessage("8480-6 value -120 mm[Hg] is outside the physiologic range 20-300 mm[Hg]");

        Observation spo2 = example("oxygen-saturation");
        ((Quantity) spo2.getValue()).setValue(104);
        assertThatThrownBy(() -> map(spo2)).hasMessage("2708-6 value 104 % is outside the physiologic range 0-100 %");

        Observation fever = example("body-temperature");
        ((Quantity) fever.getValue()).setValue(47);
        assertThatThrownBy(() -> map(fever)).hasMessage("8310-5 value 47 Cel is outside the physiologic range 25-45 Cel");
    }

    @Test
    void missingRequiredElementsAreRefused() {
        Observation noSubject = example("heart-rate");
        noSubject.setSubject(null);
        assertThatThrownBy(() -> map(noSubject)).hasMessage("Observation has no subject reference (the patient)");

        Observation noTime = example("heart-rate");
        noTime.setEffective(null);
        assertThatThrownBy(() -> map(noTime)).hasMessageStartingWith("Observation has no effective time");

        Observation cancelled = example("heart-rate");
        cancelled.setStatus(Observation.ObservationStatus.CANCELLED);
        assertThatThrownBy(() -> map(cancelled)).hasMessageStartingWith("Observation status 'cancelled' carries no usable result");

        Observation unknownCode = example("heart-rate");
        unknownCode.getCode().getCodingFirstRep().setCode("1234-5");
        assertThatThrownBy(() -> map(unknownCode)).hasMessage("LOINC code 1234-5 is not a vital sign Vigil accepts");
    }
}
