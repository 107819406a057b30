package org.vigil.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.Consciousness;
import org.vigil.record.VitalSigns;

/**
 * Maps FHIR R4 vital-sign Observations to canonical records, checking what the HL7 vital-signs
 * profile requires (status, LOINC code, subject, effective time, a UCUM quantity or a
 * dataAbsentReason) and physiologic ranges. Out-of-range values are refused, never clamped.
 */
@Component("fhirObservations")
public class FhirObservations {

    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";

    static final String BP_PANEL = "85354-9";
    static final String SYSTOLIC = "8480-6";
    static final String DIASTOLIC = "8462-4";
    static final String HEART_RATE = "8867-4";
    static final String RESPIRATORY_RATE = "9279-1";
    static final String SPO2 = "2708-6";
    static final String SPO2_PULSE_OXIMETRY = "59408-5";
    static final String BODY_TEMPERATURE = "8310-5";
    static final String INHALED_O2_FLOW = "3151-8";
    static final String INHALED_O2_CONCENTRATION = "3150-0";
    static final String RESPONSIVENESS = "67775-7";

    private static final Set<Observation.ObservationStatus> USABLE_STATUS = Set.of(
            Observation.ObservationStatus.FINAL, Observation.ObservationStatus.AMENDED,
            Observation.ObservationStatus.CORRECTED, Observation.ObservationStatus.PRELIMINARY);

    private static final Set<String> MM_HG = Set.of("mm[Hg]");
    private static final Set<String> PER_MINUTE = Set.of("/min", "{beats}/min", "{breaths}/min");

    /** What a FHIR input holds: the resource itself, or the entries of a Bundle, in order. */
    public List<Resource> entriesOf(@Body IBaseResource resource) {
        if (resource instanceof Bundle bundle) {
            if (bundle.getType() == null) {
                throw new InvalidRecordException("Bundle has no type");
            }
            if (!bundle.hasEntry()) {
                throw new InvalidRecordException("Bundle has no entries");
            }
            List<Resource> entries = new ArrayList<>();
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (entry.getResource() == null) {
                    throw new InvalidRecordException("Bundle entry " + entries.size() + " has no resource");
                }
                entries.add(entry.getResource());
            }
            return entries;
        }
        if (resource instanceof Resource single) {
            return List.of(single);
        }
        throw new InvalidRecordException("not a FHIR R4 resource");
    }

    /** The type of a Bundle ({@code batch}, {@code transaction}, {@code collection} ...), or null for a single resource. */
    public String bundleTypeOf(@Body IBaseResource resource) {
        return resource instanceof Bundle bundle && bundle.getType() != null ? bundle.getType().toCode() : null;
    }

    public ClinicalRecord toRecord(@Body Resource resource,
                                   @ExchangeProperty(Names.Property.SOURCE) String source) {
        if (!(resource instanceof Observation observation)) {
            throw new InvalidRecordException("resourceType " + resource.fhirType() + " is not accepted; send Observation resources");
        }
        if (!observation.hasStatus()) {
            throw new InvalidRecordException("Observation has no status");
        }
        if (!USABLE_STATUS.contains(observation.getStatus())) {
            throw new InvalidRecordException("Observation status '" + observation.getStatus().toCode()
                    + "' carries no usable result; expected final, amended, corrected or preliminary");
        }
        String code = loincCode(observation.getCode(), "Observation");
        if (!observation.hasSubject() || !observation.getSubject().hasReference()) {
            throw new InvalidRecordException("Observation has no subject reference (the patient)");
        }
        Instant effective = effectiveTime(observation);
        VitalSigns vitals = vitals(code, observation);
        String absent = observation.hasDataAbsentReason() ? text(observation.getDataAbsentReason()) : null;
        String recordId = observation.hasIdElement() && observation.getIdElement().hasIdPart()
                ? RecordIds.fromFhir("Observation", observation.getIdElement().getIdPart(), versionOf(observation))
                : RecordIds.fromSource(source);
        return new ClinicalRecord(recordId, source, observation.getSubject().getReference(), effective,
                observation.hasDevice() ? observation.getDevice().getReference() : null, absent, null, vitals);
    }

    private static String versionOf(Observation observation) {
        if (observation.getIdElement().hasVersionIdPart()) {
            return observation.getIdElement().getVersionIdPart();
        }
        return observation.hasMeta() && observation.getMeta().hasVersionId() ? observation.getMeta().getVersionId() : null;
    }

    private static Instant effectiveTime(Observation observation) {
        Type effective = observation.getEffective();
        if (effective instanceof org.hl7.fhir.r4.model.DateTimeType dateTime && dateTime.getValue() != null) {
            return dateTime.getValue().toInstant();
        }
        if (effective instanceof org.hl7.fhir.r4.model.InstantType instant && instant.getValue() != null) {
            return instant.getValue().toInstant();
        }
        if (effective instanceof org.hl7.fhir.r4.model.Period period && period.hasStart()) {
            return period.getStart().toInstant();
        }
        throw new InvalidRecordException("Observation has no effective time (effectiveDateTime, effectiveInstant or effectivePeriod.start)");
    }

    private VitalSigns vitals(String code, Observation observation) {
        if (observation.hasValue() && observation.hasDataAbsentReason()) {
            throw new InvalidRecordException("Observation has both a value and a dataAbsentReason");
        }
        switch (code) {
            case BP_PANEL -> {
                return bloodPressure(observation);
            }
            case SYSTOLIC -> {
                Double value = pressure(code, unitValue(code, observation, MM_HG, "mm[Hg]"));
                return new VitalSigns(value, null, null, null, null, null, null, null);
            }
            case DIASTOLIC -> {
                Double value = pressure(code, unitValue(code, observation, MM_HG, "mm[Hg]"));
                return new VitalSigns(null, value, null, null, null, null, null, null);
            }
            case HEART_RATE -> {
                Double value = checked(code, perMinute(code, observation), 20, 300, "/min");
                return new VitalSigns(null, null, value, null, null, null, null, null);
            }
            case RESPIRATORY_RATE -> {
                Double value = checked(code, perMinute(code, observation), 1, 80, "/min");
                return new VitalSigns(null, null, null, value, null, null, null, null);
            }
            case SPO2, SPO2_PULSE_OXIMETRY -> {
                Double value = checked(code, unitValue(code, observation, Set.of("%"), "%"), 0, 100, "%");
                return new VitalSigns(null, null, null, null, value, null, null, null);
            }
            case BODY_TEMPERATURE -> {
                return new VitalSigns(null, null, null, null, null, temperature(observation), null, null);
            }
            case INHALED_O2_FLOW -> {
                Double flow = checked(code, unitValue(code, observation, Set.of("L/min"), "L/min"), 0, 70, "L/min");
                return new VitalSigns(null, null, null, null, null, null, flow == null ? null : flow > 0, null);
            }
            case INHALED_O2_CONCENTRATION -> {
                Double fio2 = checked(code, unitValue(code, observation, Set.of("%"), "%"), 21, 100, "%");
                return new VitalSigns(null, null, null, null, null, null, fio2 == null ? null : fio2 > 21, null);
            }
            case RESPONSIVENESS -> {
                return new VitalSigns(null, null, null, null, null, null, null, consciousness(observation));
            }
            default -> throw new InvalidRecordException("LOINC code " + code + " is not a vital sign Vigil accepts");
        }
    }

    private VitalSigns bloodPressure(Observation observation) {
        if (observation.hasValue()) {
            throw new InvalidRecordException("blood pressure panel " + BP_PANEL + " carries a value; its readings belong in components");
        }
        Double systolic = null;
        Double diastolic = null;
        boolean anyComponent = false;
        for (Observation.ObservationComponentComponent component : observation.getComponent()) {
            String code = loincCode(component.getCode(), "component");
            if (!SYSTOLIC.equals(code) && !DIASTOLIC.equals(code)) {
                continue; // e.g. mean arterial pressure: not used
            }
            anyComponent = true;
            if (component.hasValue() && component.hasDataAbsentReason()) {
                throw new InvalidRecordException("component " + code + " has both a value and a dataAbsentReason");
            }
            if (!component.hasValue()) {
                if (!component.hasDataAbsentReason()) {
                    throw new InvalidRecordException("component " + code + " has neither a value nor a dataAbsentReason");
                }
                continue;
            }
            Double value = pressure(code, quantityValue("component " + code, component.getValue(), MM_HG, "mm[Hg]"));
            if (SYSTOLIC.equals(code)) {
                systolic = value;
            } else {
                diastolic = value;
            }
        }
        if (!anyComponent) {
            throw new InvalidRecordException("blood pressure panel has no " + SYSTOLIC + " or " + DIASTOLIC + " component");
        }
        if (systolic != null && diastolic != null && diastolic >= systolic) {
            throw new InvalidRecordException("diastolic " + plain(diastolic) + " mm[Hg] is not below systolic " + plain(systolic) + " mm[Hg]");
        }
        return new VitalSigns(systolic, diastolic, null, null, null, null, null, null);
    }

    private static Double pressure(String code, Double value) {
        return SYSTOLIC.equals(code) ? checked(code, value, 20, 300, "mm[Hg]") : checked(code, value, 10, 200, "mm[Hg]");
    }

    private Double perMinute(String code, Observation observation) {
        return unitValue(code, observation, PER_MINUTE, "/min");
    }

    private Double temperature(Observation observation) {
        Double value = unitValue(BODY_TEMPERATURE, observation, Set.of("Cel", "[degF]"), "Cel or [degF]");
        if (value == null) {
            return null;
        }
        String unit = ((Quantity) observation.getValue()).getCode();
        double celsius = "[degF]".equals(unit) ? (value - 32) * 5 / 9 : value;
        double rounded = BigDecimal.valueOf(celsius).setScale(2, java.math.RoundingMode.HALF_UP).doubleValue();
        if (rounded < 25 || rounded > 45) {
            throw new InvalidRecordException(BODY_TEMPERATURE + " value " + plain(value) + " " + unit
                    + " is outside the physiologic range 25-45 Cel");
        }
        return rounded;
    }

    /** The value of a quantity Observation, or null when a dataAbsentReason stands in for it. */
    private Double unitValue(String code, Observation observation, Set<String> units, String expected) {
        if (!observation.hasValue()) {
            if (observation.hasDataAbsentReason()) {
                return null;
            }
            throw new InvalidRecordException("Observation " + code + " has neither a value nor a dataAbsentReason");
        }
        return quantityValue("Observation " + code, observation.getValue(), units, expected);
    }

    private static Double quantityValue(String what, Type value, Set<String> units, String expected) {
        if (!(value instanceof Quantity quantity)) {
            throw new InvalidRecordException(what + " has a value of type " + value.fhirType() + ", expected Quantity");
        }
        if (!quantity.hasValue()) {
            throw new InvalidRecordException(what + " has a Quantity without a number");
        }
        if (!UCUM.equals(quantity.getSystem())) {
            throw new InvalidRecordException(what + " has unit system '" + quantity.getSystem() + "', expected " + UCUM);
        }
        String unit = quantity.getCode();
        if (unit == null || !units.contains(unit)) {
            throw new InvalidRecordException(what + " has unit '" + (unit == null ? quantity.getUnit() : unit) + "', expected " + expected);
        }
        return quantity.getValue().doubleValue();
    }

    private static Double checked(String code, Double value, double min, double max, String unit) {
        if (value != null && (value < min || value > max)) {
            throw new InvalidRecordException(code + " value " + plain(value) + " " + unit + " is outside the physiologic range "
                    + plain(min) + "-" + plain(max) + " " + unit);
        }
        return value;
    }

    private static String loincCode(CodeableConcept concept, String what) {
        if (concept == null || !concept.hasCoding()) {
            throw new InvalidRecordException(what + " has no code");
        }
        for (Coding coding : concept.getCoding()) {
            if (LOINC.equals(coding.getSystem()) && coding.hasCode()) {
                return coding.getCode();
            }
        }
        throw new InvalidRecordException(what + " has no LOINC code (system " + LOINC + ")");
    }

    private static final Map<String, Consciousness> ACVPU = Map.ofEntries(
            Map.entry("a", Consciousness.ALERT), Map.entry("alert", Consciousness.ALERT),
            Map.entry("c", Consciousness.NEW_CONFUSION), Map.entry("new confusion", Consciousness.NEW_CONFUSION),
            Map.entry("confused", Consciousness.NEW_CONFUSION),
            Map.entry("v", Consciousness.VOICE), Map.entry("voice", Consciousness.VOICE),
            Map.entry("p", Consciousness.PAIN), Map.entry("pain", Consciousness.PAIN),
            Map.entry("u", Consciousness.UNRESPONSIVE), Map.entry("unresponsive", Consciousness.UNRESPONSIVE));

    private static Consciousness consciousness(Observation observation) {
        if (!observation.hasValue()) {
            if (observation.hasDataAbsentReason()) {
                return null;
            }
            throw new InvalidRecordException("Observation " + RESPONSIVENESS + " has neither a value nor a dataAbsentReason");
        }
        if (!(observation.getValue() instanceof CodeableConcept concept)) {
            throw new InvalidRecordException("Observation " + RESPONSIVENESS + " needs a CodeableConcept value (ACVPU)");
        }
        List<String> candidates = new ArrayList<>();
        concept.getCoding().forEach(c -> {
            candidates.add(c.getCode());
            candidates.add(c.getDisplay());
        });
        candidates.add(concept.getText());
        for (String candidate : candidates) {
            if (candidate != null) {
                Consciousness level = ACVPU.get(candidate.strip().toLowerCase(Locale.ROOT));
                if (level != null) {
                    return level;
                }
            }
        }
        throw new InvalidRecordException("Observation " + RESPONSIVENESS + " value '" + text(concept) + "' is not an ACVPU level");
    }

    private static String text(CodeableConcept concept) {
        if (concept.hasText()) {
            return concept.getText();
        }
        return concept.getCoding().stream().map(c -> c.hasCode() ? c.getCode() : c.getDisplay())
                .filter(java.util.Objects::nonNull).findFirst().orElse("unknown");
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
