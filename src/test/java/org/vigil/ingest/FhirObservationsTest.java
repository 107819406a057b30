package org.vigil.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.Consciousness;
import org.vigil.record.VitalSigns;
import org.vigil.testsupport.Fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HL7 R4 vital-sign examples (src/test/resources/fhir/), how other senders' codes are read, and what is refused. */
class FhirObservationsTest {

    private final FhirObservations observations = Fhir.observations();

    static Observation example(String name) {
        try {
            String json = Files.readString(Path.of("src/test/resources/fhir/" + name + ".json"));
            return Fhir.CONTEXT.newJsonParser().parseResource(Observation.class, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object interpret(Observation observation, String source) {
        return observations.interpret(observation, source);
    }

    private ClinicalRecord map(Observation observation) {
        Object outcome = interpret(observation, "test:" + observation.getIdElement().getIdPart());
        assertThat(outcome).isInstanceOf(ClinicalRecord.class);
        return (ClinicalRecord) outcome;
    }

    private NotUsed notUsed(Observation observation) {
        Object outcome = interpret(observation, "test");
        assertThat(outcome).isInstanceOf(NotUsed.class);
        return (NotUsed) outcome;
    }

    @Test
    void bloodPressurePanelGivesSystolicAndDiastolic() {
        ClinicalRecord record = map(example("blood-pressure"));

        assertThat(record.vitals().systolicMmHg()).isEqualTo(107.0);
        assertThat(record.vitals().diastolicMmHg()).isEqualTo(60.0);
        assertThat(record.patientId()).isEqualTo("Patient/example");
        assertThat(record.effectiveTime()).isNotNull(); // a date only: its instant depends on the server's zone
        assertThat(record.recordId()).isEqualTo("Observation/blood-pressure");
        assertThat(record.status()).isEqualTo("final");
        assertThat(record.translatedFrom()).as("LOINC and UCUM as sent: nothing translated").isNull();
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
        temperature.setValue(new Quantity().setValue(101.3).setSystem(Terminology.UCUM).setCode("[degF]"));
        assertThat(map(temperature).vitals().temperatureCelsius()).isEqualTo(38.5);
    }

    @Test
    void theRecordIdIsTheLogicalIdSoLaterVersionsReplaceEarlierOnesAndAnonymousOnesGetAHashOfTheirSource() {
        Observation versioned = example("heart-rate");
        versioned.getMeta().setVersionId("3");
        versioned.setStatus(Observation.ObservationStatus.AMENDED);
        ClinicalRecord amended = map(versioned);
        assertThat(amended.recordId()).isEqualTo("Observation/heart-rate");
        assertThat(amended.status()).isEqualTo("amended");

        Observation anonymous = example("heart-rate");
        anonymous.setId((String) null);
        ClinicalRecord record = (ClinicalRecord) interpret(anonymous, "http:req-1");
        assertThat(record.recordId()).isEqualTo(RecordIds.fromSource("http:req-1")).hasSize(32);
    }

    @Test
    void enteredInErrorRetractsTheRecordWithItsId() {
        Observation wrong = example("heart-rate");
        wrong.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
        ClinicalRecord retraction = map(wrong);
        assertThat(retraction.retracts()).isTrue();
        assertThat(retraction.recordId()).isEqualTo("Observation/heart-rate");
        assertThat(retraction.patientId()).isEqualTo("Patient/example");
        assertThat(retraction.vitals()).isNull();

        Observation anonymous = example("heart-rate");
        anonymous.setId((String) null);
        anonymous.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
        assertThatThrownBy(() -> interpret(anonymous, "test")).hasMessageStartingWith("entered-in-error Observation has no id");
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
        acvpu.setValue(new CodeableConcept().setText("Voice"));
        assertThat(map(acvpu).vitals().consciousness()).isEqualTo(Consciousness.VOICE);
    }

    @Test
    void mdcCodedReadingsOfAPersonalHealthDeviceAreTranslatedAndSaySo() {
        Observation spo2 = example("oxygen-saturation");
        spo2.setCode(new CodeableConcept(new Coding(Terminology.MDC, "150456", "MDC_PULS_OXIM_SAT_O2")));
        spo2.setValue(new Quantity().setValue(97).setSystem(Terminology.MDC).setCode("262688").setUnit("%"));
        ClinicalRecord record = map(spo2);
        assertThat(record.vitals().spo2Percent()).isEqualTo(97.0);
        assertThat(record.translatedFrom()).hasSize(2)
                .anySatisfy(t -> assertThat(t).startsWith(Terminology.MDC + "|150456 -> 59408-5 (equivalent, urn:vigil:ConceptMap:mdc-vital-signs)"))
                .anySatisfy(t -> assertThat(t).startsWith(Terminology.MDC + "|262688 -> %"));

        Observation pulse = example("heart-rate");
        pulse.setCode(new CodeableConcept(new Coding(Terminology.MDC, "149530", null)));
        ClinicalRecord chained = map(pulse);
        assertThat(chained.vitals().heartRatePerMin()).isEqualTo(44.0);
        assertThat(chained.translatedFrom()).as("MDC pulse rate -> LOINC 8889-8 -> heart rate 8867-4").containsExactly(
                Terminology.MDC + "|149530 -> 8889-8 (equivalent, urn:vigil:ConceptMap:mdc-vital-signs)",
                "http://loinc.org|8889-8 -> 8867-4 (wider, urn:vigil:ConceptMap:loinc-variants)");
    }

    @Test
    void aPanelWithComponentsCodedOnlyByTextAndUnitsWithoutASystemIsRead() {
        Observation panel = example("blood-pressure");
        for (Observation.ObservationComponentComponent component : panel.getComponent()) {
            String label = component.getCode().getCodingFirstRep().getCode().equals("8480-6") ? "Systolic" : "Diastolic";
            component.setCode(new CodeableConcept().setText(label));
            Quantity value = (Quantity) component.getValue();
            component.setValue(new Quantity().setValue(value.getValue()).setUnit("mmHg"));
        }
        ClinicalRecord record = map(panel);
        assertThat(record.vitals().systolicMmHg()).isEqualTo(107.0);
        assertThat(record.vitals().diastolicMmHg()).isEqualTo(60.0);
        assertThat(record.translatedFrom()).contains(
                "text 'systolic' -> 8480-6 (equivalent, urn:vigil:ConceptMap:text-labels)",
                "unit 'mmhg' -> mm[Hg] (equivalent, urn:vigil:ConceptMap:unit-spellings)");
    }

    @Test
    void legacyAndVariantLoincCodesAreTheirProfileCodes() {
        Observation legacyPanel = example("blood-pressure");
        legacyPanel.getCode().getCodingFirstRep().setCode("55284-4");
        assertThat(map(legacyPanel).vitals().systolicMmHg()).isEqualTo(107.0);

        Observation oral = example("body-temperature");
        oral.getCode().getCodingFirstRep().setCode("8331-1");
        ClinicalRecord record = map(oral);
        assertThat(record.vitals().temperatureCelsius()).isEqualTo(36.5);
        assertThat(record.translatedFrom()).singleElement().asString().startsWith("http://loinc.org|8331-1 -> 8310-5 (wider");
    }

    @Test
    void bodyWeightHeightAndBmiEnterTheRecordInCanonicalUnits() {
        Observation weight = example("heart-rate");
        weight.getCode().getCodingFirstRep().setCode("29463-7");
        weight.setValue(new Quantity().setValue(185).setSystem(Terminology.UCUM).setCode("[lb_av]"));
        assertThat(map(weight).body().weightKg()).isEqualTo(83.91);
        assertThat(map(weight).vitals()).isNull();

        Observation height = example("heart-rate");
        height.getCode().getCodingFirstRep().setCode("8302-2");
        height.setValue(new Quantity().setValue(66.9).setSystem(Terminology.UCUM).setCode("[in_i]"));
        assertThat(map(height).body().heightCm()).isEqualTo(169.93);
    }

    @Test
    void validObservationsVigilDoesNotReadAreNotUsedRatherThanRefused() {
        Observation cancelled = example("heart-rate");
        cancelled.setStatus(Observation.ObservationStatus.CANCELLED);
        assertThat(notUsed(cancelled).kind()).isEqualTo("Observation:status-cancelled");

        Observation lab = example("heart-rate");
        lab.getCategoryFirstRep().getCodingFirstRep().setCode("laboratory");
        lab.getCode().getCodingFirstRep().setCode("2339-0");
        assertThat(notUsed(lab).reason()).isEqualTo("LOINC 2339-0 is not a measurement Vigil uses");

        Observation vitalsPanel = example("heart-rate");
        vitalsPanel.getCode().getCodingFirstRep().setCode("85353-1");
        vitalsPanel.setValue(null);
        assertThat(notUsed(vitalsPanel).kind()).isEqualTo(FhirObservations.NOT_A_MEASUREMENT);

        // A vital-signs panel grouping its members, its LOINC system misspelt (as a held-out sender wrote it): it has nothing
        // of its own to read, so it is not used, whatever its coding; it is not refused as an untranslatable vital sign.
        Observation grouping = example("heart-rate");
        grouping.setCode(new CodeableConcept(new Coding("http://loinc.org/", "85353-1", "Vital signs panel")));
        grouping.setValue(null);
        grouping.addHasMember(new org.hl7.fhir.r4.model.Reference("Observation/heart-rate"));
        grouping.addHasMember(new org.hl7.fhir.r4.model.Reference("Observation/respiratory-rate"));
        assertThat(notUsed(grouping).kind()).isEqualTo(FhirObservations.GROUPING);
        assertThat(notUsed(grouping).reason()).contains("groups 2 others");
    }

    @Test
    void aVitalSignInALocalCodeNoConceptMapTranslatesIsRefusedSayingSo() {
        Observation local = example("heart-rate");
        local.setCode(new CodeableConcept(new Coding("http://hospital.example/codes", "HF-PULS", "Puls")));
        assertThatThrownBy(() -> interpret(local, "test")).hasMessageContaining("http://hospital.example/codes|HF-PULS")
                .hasMessageContaining("no ConceptMap translates it");
    }

    @Test
    void wrongUnitsAndImpossibleValuesAreRefusedWithTheirReason() {
        Observation kpa = example("blood-pressure");
        kpa.getComponentFirstRep().setValue(new Quantity().setValue(14).setSystem(Terminology.UCUM).setCode("kPa"));
        assertThatThrownBy(() -> map(kpa)).hasMessage("component 8480-6 has unit 'kPa' (system http://unitsofmeasure.org), expected UCUM mm[Hg]");

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

        Observation noStatus = example("heart-rate");
        noStatus.setStatus(null);
        assertThatThrownBy(() -> map(noStatus)).hasMessage("Observation has no status");
    }

    @Test
    void anUnreadableElementVigilDoesNotUseIsAWarningButOneItReadsRefuses() {
        FhirEntries entries = Fhir.entries();
        String heartRate = "{\"resourceType\":\"Observation\",\"id\":\"hr\",\"status\":\"final\","
                + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8867-4\"}]},"
                + "\"subject\":{\"reference\":\"Patient/1\"},\"effectiveDateTime\":\"2026-01-01T10:00:00Z\","
                + "\"issued\":\"yesterday\",\"valueQuantity\":{\"value\":72,\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"}}";
        FhirEntry lenient = entries.read(heartRate).entries().get(0);
        ClinicalRecord record = (ClinicalRecord) observations.interpret(lenient, "test");
        assertThat(record.vitals().heartRatePerMin()).isEqualTo(72.0);
        assertThat(record.warnings()).singleElement().asString().contains("yesterday");

        FhirEntry badValue = entries.read(heartRate.replace("\"value\":72", "\"value\":\"seventy\"")).entries().get(0);
        assertThatThrownBy(() -> observations.interpret(badValue, "test")).hasMessageStartingWith("Observation element Vigil reads is unreadable");
        assertThat(badValue.warnings()).extracting(FhirParseWarnings.Warning::element).contains("issued", "value");
    }
}
