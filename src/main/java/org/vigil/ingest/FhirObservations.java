package org.vigil.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;
import org.vigil.record.BodyMeasurements;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.Consciousness;
import org.vigil.record.VitalSigns;

/**
 * Reads FHIR R4 Observations into canonical records, checking what the HL7 vital-signs profile
 * requires (status, code, subject, effective time, a UCUM quantity or a dataAbsentReason) and
 * physiologic ranges. Out-of-range values are refused, never clamped. Codes and units are read
 * through the {@link Terminology} (ConceptMaps), and every translation is named in the record.
 *
 * <p>Three outcomes: a record (accepted; {@code entered-in-error} gives a retraction of the
 * earlier record with the Observation's id, and {@code amended} and {@code corrected} replace it,
 * since the record id is the Observation's logical id); {@link NotUsed} for valid input Vigil does
 * not read (other resource types, Observations that are not vital signs or body measurements,
 * {@code cancelled}); or an {@link InvalidRecordException} saying what is wrong.
 */
@Component("fhirObservations")
public class FhirObservations {

    public static final String BP_PANEL = "85354-9";
    public static final String SYSTOLIC = "8480-6";
    public static final String DIASTOLIC = "8462-4";
    static final String HEART_RATE = "8867-4";
    static final String RESPIRATORY_RATE = "9279-1";
    static final String SPO2 = "2708-6";
    static final String SPO2_PULSE_OXIMETRY = "59408-5";
    static final String BODY_TEMPERATURE = "8310-5";
    static final String INHALED_O2_FLOW = "3151-8";
    static final String INHALED_O2_CONCENTRATION = "3150-0";
    static final String RESPONSIVENESS = "67775-7";
    static final String BODY_WEIGHT = "29463-7";
    static final String BODY_HEIGHT = "8302-2";
    static final String BMI = "39156-5";

    /** The LOINC codes Vigil reads. */
    static final Set<String> READ = Set.of(BP_PANEL, SYSTOLIC, DIASTOLIC, HEART_RATE, RESPIRATORY_RATE, SPO2,
            SPO2_PULSE_OXIMETRY, BODY_TEMPERATURE, INHALED_O2_FLOW, INHALED_O2_CONCENTRATION, RESPONSIVENESS,
            BODY_WEIGHT, BODY_HEIGHT, BMI);
    private static final Set<String> BP_COMPONENTS = Set.of(SYSTOLIC, DIASTOLIC);

    private static final String VITAL_SIGNS_CATEGORY = "vital-signs";
    /** The not-used kind of an Observation that is not a measurement Vigil reads (a lab result, a panel of members...). */
    static final String NOT_A_MEASUREMENT = "Observation:other";
    /** The not-used kind of a panel that only groups other Observations ({@code hasMember}). */
    static final String GROUPING = "Observation:panel";

    private static final Set<Observation.ObservationStatus> USABLE_STATUS = Set.of(
            Observation.ObservationStatus.FINAL, Observation.ObservationStatus.AMENDED,
            Observation.ObservationStatus.CORRECTED, Observation.ObservationStatus.PRELIMINARY);

    /**
     * Elements of an Observation that Vigil reads: when the lenient parser had to skip one of
     * these, the Observation is refused rather than read without it.
     */
    private static final Set<String> READ_ELEMENTS = Set.of("status", "code", "coding", "system",
            "subject", "reference", "effectiveDateTime", "effectiveInstant", "effectivePeriod", "start",
            "valueQuantity", "valueCodeableConcept", "value", "unit", "component", "dataAbsentReason", "id");

    private static final Set<String> MM_HG = Set.of("mm[Hg]");
    private static final Set<String> PER_MINUTE = Set.of("/min", "{beats}/min", "{breaths}/min", "{beat}/min", "{breath}/min");
    private static final Set<String> PERCENT = Set.of("%");
    private static final Set<String> TEMPERATURE = Set.of("Cel", "[degF]");
    private static final Set<String> WEIGHT = Set.of("kg", "g", "[lb_av]");
    private static final Set<String> HEIGHT = Set.of("cm", "m", "[in_i]");
    private static final Set<String> BMI_UNIT = Set.of("kg/m2");

    private final Terminology terminology;

    public FhirObservations(Terminology terminology) {
        this.terminology = terminology;
    }

    /**
     * What one entry is: a {@link ClinicalRecord}, or {@link NotUsed}; bad input throws.
     *
     * @param input a {@link FhirEntry}, or a resource parsed already (a FHIR server's search result)
     */
    /**
     * Whether an Observation with this code (in any system the terminology translates) would be
     * read: other senders' formats (HL7 v2) leave what is not, whatever its value, before reading it.
     */
    public boolean reads(CodeableConcept code) {
        return terminology.loinc(code, READ).map(resolved -> READ.contains(resolved.code())).orElse(false);
    }

    public Object interpret(@Body Object input, @ExchangeProperty(Names.Property.SOURCE) String source) {
        FhirEntry entry = input instanceof Resource resource ? new FhirEntry("", null, resource, List.of(), null) : (FhirEntry) input;
        if (entry.resource() == null) {
            throw new UnreadableInputException(entry.failure());
        }
        if (!(entry.resource() instanceof Observation observation)) {
            return new NotUsed(entry.resource().fhirType(), entry.resource().fhirType() + " is not used: Vigil reads Observations");
        }
        return observation(observation, entry, source);
    }

    private Object observation(Observation observation, FhirEntry entry, String source) {
        for (FhirParseWarnings.Warning warning : entry.warnings()) {
            if (READ_ELEMENTS.contains(warning.element())) {
                throw new UnreadableInputException("Observation element Vigil reads is unreadable: " + warning.message());
            }
        }
        if (!observation.hasStatus()) {
            throw new InvalidRecordException("Observation has no status");
        }
        Observation.ObservationStatus status = observation.getStatus();
        if (status == Observation.ObservationStatus.ENTEREDINERROR) {
            return retraction(observation, entry, source);
        }
        if (!USABLE_STATUS.contains(status)) {
            return new NotUsed("Observation:status-" + status.toCode(), "Observation status '" + status.toCode()
                    + "' carries no result to use (Vigil uses final, amended, corrected, preliminary; entered-in-error retracts)");
        }
        if (observation.hasHasMember() && !observation.hasValue() && !observation.hasComponent()) {
            // A panel that groups other Observations (vital signs 85353-1, however its coding is spelt):
            // its members are read on their own, it has nothing of its own to read.
            return new NotUsed(GROUPING, "Observation groups " + observation.getHasMember().size()
                    + " others (hasMember) and has no value of its own: its members are read on their own");
        }
        List<String> translated = new ArrayList<>();
        Optional<Terminology.Resolved> resolved = terminology.loinc(observation.getCode(), READ);
        if (resolved.isEmpty()) {
            if (isVitalSign(observation)) {
                throw new InvalidRecordException("vital-sign Observation coded " + codes(observation.getCode())
                        + " has no LOINC code Vigil reads and no ConceptMap translates it (add one to the site's terminology folder)");
            }
            return new NotUsed(NOT_A_MEASUREMENT, "Observation coded "
                    + codes(observation.getCode()) + " is not a measurement Vigil uses");
        }
        String code = resolved.get().code();
        if (!READ.contains(code)) {
            return new NotUsed(NOT_A_MEASUREMENT, "LOINC " + code + " is not a measurement Vigil uses");
        }
        translated.addAll(resolved.get().translations());
        if (!observation.hasSubject() || !observation.getSubject().hasReference()) {
            throw new InvalidRecordException("Observation has no subject reference (the patient)");
        }
        Instant effective = effectiveTime(observation);
        if (observation.hasValue() && observation.hasDataAbsentReason()) {
            throw new InvalidRecordException("Observation has both a value and a dataAbsentReason");
        }
        VitalSigns vitals = null;
        BodyMeasurements body = null;
        switch (code) {
            case BODY_WEIGHT, BODY_HEIGHT, BMI -> body = body(code, observation, translated);
            default -> vitals = vitals(code, observation, translated);
        }
        String absent = observation.hasDataAbsentReason() ? text(observation.getDataAbsentReason()) : null;
        List<String> warnings = entry.warnings().stream().map(FhirParseWarnings.Warning::message).toList();
        return new ClinicalRecord(recordId(observation, entry, source), source, observation.getSubject().getReference(), effective,
                observation.hasDevice() ? observation.getDevice().getReference() : null, absent, null, vitals, body,
                status.toCode(), translated, warnings, null, null, null, null, null);
    }

    private static ClinicalRecord retraction(Observation observation, FhirEntry entry, String source) {
        if (!observation.hasIdElement() || !observation.getIdElement().hasIdPart()) {
            throw new InvalidRecordException("entered-in-error Observation has no id: it cannot say which result it retracts");
        }
        if (!observation.hasSubject() || !observation.getSubject().hasReference()) {
            throw new InvalidRecordException("entered-in-error Observation has no subject reference (the patient)");
        }
        Instant effective;
        try {
            effective = effectiveTime(observation);
        } catch (InvalidRecordException e) {
            effective = null; // the retraction names the record by id; its time only helps find it
        }
        return ClinicalRecord.retraction(recordId(observation, entry, source), source, observation.getSubject().getReference(), effective);
    }

    /**
     * The Observation's logical id, without its version: amended and corrected versions replace the
     * earlier one. Without an id, the Bundle entry's fullUrl; without either, its source.
     */
    private static String recordId(Observation observation, FhirEntry entry, String source) {
        if (observation.hasIdElement() && observation.getIdElement().hasIdPart()) {
            return RecordIds.fromFhir("Observation", observation.getIdElement().getIdPart());
        }
        if (entry.fullUrl() != null && entry.fullUrl().startsWith("urn:uuid:")) {
            return entry.fullUrl(); // unique by definition; other fullUrls (urn:oid:1.0.0.1) are only unique in their Bundle
        }
        return RecordIds.fromSource(source);
    }

    private static boolean isVitalSign(Observation observation) {
        return observation.getCategory().stream().flatMap(c -> c.getCoding().stream())
                .anyMatch(c -> VITAL_SIGNS_CATEGORY.equals(c.getCode()));
    }

    private static String codes(CodeableConcept concept) {
        List<String> codes = new ArrayList<>();
        concept.getCoding().forEach(c -> codes.add(c.getSystem() + "|" + c.getCode()));
        if (concept.hasText()) {
            codes.add("text '" + concept.getText() + "'");
        }
        return codes.isEmpty() ? "nothing (no coding, no text)" : String.join(", ", codes);
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

    private VitalSigns vitals(String code, Observation observation, List<String> translated) {
        switch (code) {
            case BP_PANEL -> {
                return bloodPressure(observation, translated);
            }
            case SYSTOLIC -> {
                Double value = pressure(code, unitValue(code, observation, MM_HG, translated));
                return new VitalSigns(value, null, null, null, null, null, null, null);
            }
            case DIASTOLIC -> {
                Double value = pressure(code, unitValue(code, observation, MM_HG, translated));
                return new VitalSigns(null, value, null, null, null, null, null, null);
            }
            case HEART_RATE -> {
                Double value = checked(code, unitValue(code, observation, PER_MINUTE, translated), 20, 300, "/min");
                return new VitalSigns(null, null, value, null, null, null, null, null);
            }
            case RESPIRATORY_RATE -> {
                Double value = checked(code, unitValue(code, observation, PER_MINUTE, translated), 1, 80, "/min");
                return new VitalSigns(null, null, null, value, null, null, null, null);
            }
            case SPO2, SPO2_PULSE_OXIMETRY -> {
                Double value = checked(code, unitValue(code, observation, PERCENT, translated), 0, 100, "%");
                return new VitalSigns(null, null, null, null, value, null, null, null);
            }
            case BODY_TEMPERATURE -> {
                return new VitalSigns(null, null, null, null, null, temperature(observation, translated), null, null);
            }
            case INHALED_O2_FLOW -> {
                Double flow = checked(code, unitValue(code, observation, Set.of("L/min"), translated), 0, 70, "L/min");
                return new VitalSigns(null, null, null, null, null, null, flow == null ? null : flow > 0, null);
            }
            case INHALED_O2_CONCENTRATION -> {
                Double fio2 = checked(code, unitValue(code, observation, PERCENT, translated), 21, 100, "%");
                return new VitalSigns(null, null, null, null, null, null, fio2 == null ? null : fio2 > 21, null);
            }
            case RESPONSIVENESS -> {
                return new VitalSigns(null, null, null, null, null, null, null, consciousness(observation));
            }
            default -> throw new IllegalStateException("LOINC " + code + " is read but has no reading");
        }
    }

    private BodyMeasurements body(String code, Observation observation, List<String> translated) {
        switch (code) {
            case BODY_WEIGHT -> {
                Measured weight = measured(code, observation, WEIGHT, translated);
                Double kg = weight == null ? null : switch (weight.unit()) {
                    case "g" -> weight.value() / 1000;
                    case "[lb_av]" -> weight.value() * 0.45359237;
                    default -> weight.value();
                };
                return new BodyMeasurements(checked(code, round(kg), 0.2, 650, "kg"), null, null);
            }
            case BODY_HEIGHT -> {
                Measured height = measured(code, observation, HEIGHT, translated);
                Double cm = height == null ? null : switch (height.unit()) {
                    case "m" -> height.value() * 100;
                    case "[in_i]" -> height.value() * 2.54;
                    default -> height.value();
                };
                return new BodyMeasurements(null, checked(code, round(cm), 20, 280, "cm"), null);
            }
            default -> {
                Double bmi = checked(code, unitValue(code, observation, BMI_UNIT, translated), 5, 150, "kg/m2");
                return new BodyMeasurements(null, null, bmi);
            }
        }
    }

    private VitalSigns bloodPressure(Observation observation, List<String> translated) {
        if (observation.hasValue()) {
            throw new InvalidRecordException("blood pressure panel " + BP_PANEL + " carries a value; its readings belong in components");
        }
        Double systolic = null;
        Double diastolic = null;
        boolean anyComponent = false;
        for (Observation.ObservationComponentComponent component : observation.getComponent()) {
            Optional<Terminology.Resolved> resolved = terminology.loinc(component.getCode(), BP_COMPONENTS);
            if (resolved.isEmpty() || !BP_COMPONENTS.contains(resolved.get().code())) {
                continue; // e.g. mean arterial pressure: not used
            }
            String code = resolved.get().code();
            translated.addAll(resolved.get().translations());
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
            Measured measured = quantity("component " + code, component.getValue(), MM_HG, translated);
            Double value = pressure(code, measured.value());
            if (SYSTOLIC.equals(code)) {
                systolic = value;
            } else {
                diastolic = value;
            }
        }
        if (!anyComponent) {
            throw new InvalidRecordException("blood pressure panel has no systolic (" + SYSTOLIC + ") or diastolic ("
                    + DIASTOLIC + ") component that Vigil can read (components coded "
                    + observation.getComponent().stream().map(c -> codes(c.getCode())).toList() + ")");
        }
        if (systolic != null && diastolic != null && diastolic >= systolic) {
            throw new InvalidRecordException("diastolic " + plain(diastolic) + " mm[Hg] is not below systolic " + plain(systolic) + " mm[Hg]");
        }
        return new VitalSigns(systolic, diastolic, null, null, null, null, null, null);
    }

    private static Double pressure(String code, Double value) {
        return SYSTOLIC.equals(code) ? checked(code, value, 20, 300, "mm[Hg]") : checked(code, value, 10, 200, "mm[Hg]");
    }

    private Double temperature(Observation observation, List<String> translated) {
        Measured measured = measured(BODY_TEMPERATURE, observation, TEMPERATURE, translated);
        if (measured == null) {
            return null;
        }
        double celsius = "[degF]".equals(measured.unit()) ? (measured.value() - 32) * 5 / 9 : measured.value();
        double rounded = BigDecimal.valueOf(celsius).setScale(2, java.math.RoundingMode.HALF_UP).doubleValue();
        if (rounded < 25 || rounded > 45) {
            throw new InvalidRecordException(BODY_TEMPERATURE + " value " + plain(measured.value()) + " " + measured.unit()
                    + " is outside the physiologic range 25-45 Cel");
        }
        return rounded;
    }

    /** A number and the UCUM unit it was read in. */
    private record Measured(double value, String unit) {
    }

    /** The value of a quantity Observation in one of the units, or null when a dataAbsentReason stands in for it. */
    private Double unitValue(String code, Observation observation, Set<String> units, List<String> translated) {
        Measured measured = measured(code, observation, units, translated);
        return measured == null ? null : measured.value();
    }

    private Measured measured(String code, Observation observation, Set<String> units, List<String> translated) {
        if (!observation.hasValue()) {
            if (observation.hasDataAbsentReason()) {
                return null;
            }
            throw new InvalidRecordException("Observation " + code + " has neither a value nor a dataAbsentReason");
        }
        return quantity("Observation " + code, observation.getValue(), units, translated);
    }

    private Measured quantity(String what, Type value, Set<String> units, List<String> translated) {
        if (!(value instanceof Quantity quantity)) {
            throw new InvalidRecordException(what + " has a value of type " + value.fhirType() + ", expected Quantity");
        }
        if (!quantity.hasValue()) {
            throw new InvalidRecordException(what + " has a Quantity without a number");
        }
        Terminology.Resolved unit = terminology.ucum(quantity, units).orElseThrow(() -> new InvalidRecordException(
                what + " has unit '" + (quantity.hasCode() ? quantity.getCode() : quantity.getUnit()) + "'"
                        + (quantity.hasSystem() ? " (system " + quantity.getSystem() + ")" : " (no system)")
                        + ", expected UCUM " + String.join(" or ", new java.util.TreeSet<>(units))));
        translated.addAll(unit.translations());
        return new Measured(quantity.getValue().doubleValue(), unit.code());
    }

    private static Double round(Double value) {
        return value == null ? null : BigDecimal.valueOf(value).setScale(2, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    private static Double checked(String code, Double value, double min, double max, String unit) {
        if (value != null && !Double.isFinite(value)) {
            // e.g. 1e309, which JSON allows and a double cannot hold (found by IngestFuzzTest).
            throw new InvalidRecordException(code + " value is too large to be a measurement");
        }
        if (value != null && (value < min || value > max)) {
            throw new InvalidRecordException(code + " value " + plain(value) + " " + unit + " is outside the physiologic range "
                    + plain(min) + "-" + plain(max) + " " + unit);
        }
        return value;
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
