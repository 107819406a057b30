package org.vigil.ingest.hl7;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v26.datatype.CWE;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.model.v26.segment.OBR;
import ca.uhn.hl7v2.model.v26.segment.OBX;
import org.apache.camel.Body;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;
import org.vigil.ingest.FhirObservations;
import org.vigil.ingest.InvalidRecordException;
import org.vigil.ingest.NotUsed;
import org.vigil.ingest.Terminology;
import org.vigil.record.ClinicalRecord;

/**
 * Reads the OBX segments of an ORU^R01 (IHE PCD-01 from bedside monitors and gateways, coded in
 * IEEE 11073 MDC; or LOINC-coded results) into canonical records. Each numeric OBX ({@code NM},
 * {@code SN}), and each coded or word one ({@code CWE}, {@code CE}, {@code ST}...: ACVPU), is
 * written as the FHIR Observation it means (code from OBX-3 and units from OBX-6
 * in their coding systems, time from OBX-14 or OBR-7, patient from PID-3, device from OBX-18,
 * status from OBX-11) and read by {@link FhirObservations}: the same terminology, units, ranges
 * and lifecycle as FHIR input, in one place. A systolic and a diastolic pressure taken together
 * become one blood-pressure record, as a clinician reads them.
 *
 * <p>A message is taken or refused whole: one wrong OBX refuses it ({@code AE}, the sender keeps
 * it to correct), with the OBX named. OBX that are valid but not measurements Vigil reads (a
 * device status, a text result, a parameter no ConceptMap maps to a vital sign: monitors send
 * many) are not used and counted; a site maps its own codes with a ConceptMap.
 */
@Component("hl7Observations")
public class Hl7Observations {

    /** HL7 table 0396 names of coding systems, to the FHIR systems the terminology knows. */
    private static final Map<String, String> CODING_SYSTEMS = Map.of(
            "MDC", Terminology.MDC, "LN", Terminology.LOINC, "UCUM", Terminology.UCUM, "SCT", "http://snomed.info/sct",
            "SNM", "http://snomed.info/sct");
    /** The system of a local HL7 coding system: {@code urn:vigil:hl7v2:<name>}, which a site maps with a ConceptMap. */
    public static final String LOCAL_CODING_SYSTEM = "urn:vigil:hl7v2:";
    private static final Set<String> NUMERIC = Set.of("NM", "SN");
    /**
     * Values read as a code or a word (OBX-5 as a FHIR CodeableConcept): ACVPU from a monitor or a
     * chart ({@code CWE} "A^Alert", {@code ST} "Alert"), and whatever else a site maps.
     */
    private static final Set<String> CODED = Set.of("CWE", "CE", "CNE", "ST", "TX");
    private static final Map<String, Observation.ObservationStatus> STATUS = Map.of(
            "F", Observation.ObservationStatus.FINAL, "C", Observation.ObservationStatus.CORRECTED,
            "P", Observation.ObservationStatus.PRELIMINARY, "R", Observation.ObservationStatus.PRELIMINARY,
            "X", Observation.ObservationStatus.CANCELLED, "W", Observation.ObservationStatus.ENTEREDINERROR,
            "D", Observation.ObservationStatus.ENTEREDINERROR);

    private final FhirObservations observations;
    private final Terminology terminology;

    public Hl7Observations(FhirObservations observations, Terminology terminology) {
        this.observations = observations;
        this.terminology = terminology;
    }

    /** One OBX as a FHIR Observation, and where it came from. */
    private record Read(Observation observation, String setId, String recordId, String source) {
    }

    /**
     * The records of an ORU^R01, in order; {@link NotUsed} OBX are left out, and a message with
     * none (a lab result, a report) gives none ({@link Hl7Records} counts it as not used).
     */
    public List<ClinicalRecord> records(@Body Hl7Input input) {
        if (!(input.message() instanceof ORU_R01 oru)) {
            throw Hl7Refusal.rejected(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, "an ORU^R01 whose structure is not ORU_R01");
        }
        List<ClinicalRecord> records = new ArrayList<>();
        try {
            for (ORU_R01_PATIENT_RESULT result : oru.getPATIENT_RESULTAll()) {
                String patient = result.getPATIENT().getPID().getPatientIdentifierList(0).getIDNumber().getValue();
                String subject = patient == null || patient.isBlank() ? null : "Patient/" + patient.strip();
                List<ClinicalRecord> readings = new ArrayList<>();
                for (ORU_R01_ORDER_OBSERVATION order : result.getORDER_OBSERVATIONAll()) {
                    readings.addAll(order(input, subject == null ? "Patient/unknown" : subject, order));
                }
                if (!readings.isEmpty() && subject == null) {
                    throw Hl7Refusal.error(ErrorCode.REQUIRED_FIELD_MISSING, "PID-3 (patient identifier) is empty: whose vital signs are they?");
                }
                records.addAll(readings);
            }
        } catch (HL7Exception e) {
            throw Hl7Refusal.error(ErrorCode.APPLICATION_INTERNAL_ERROR, "ORU^R01 structure cannot be read: " + e.getMessage());
        }
        return records;
    }

    private List<ClinicalRecord> order(Hl7Input input, String patient, ORU_R01_ORDER_OBSERVATION order) throws HL7Exception {
        OBR obr = order.getOBR();
        String fillerOrder = obr.getFillerOrderNumber().getEntityIdentifier().getValue();
        String orderTime = obr.getObservationDateTime().getValue();
        List<Read> numeric = new ArrayList<>();
        for (ORU_R01_OBSERVATION observation : order.getOBSERVATIONAll()) {
            OBX obx = observation.getOBX();
            String setId = obx.getSetIDOBX().getValue();
            String where = "OBX " + (setId == null ? "?" : setId) + " (" + describe(obx.getObservationIdentifier()) + ")";
            String type = obx.getValueType().getValue() == null ? "" : obx.getValueType().getValue().strip();
            if (!NUMERIC.contains(type) && !CODED.contains(type) || obx.getObservationValueReps() == 0) {
                continue; // a panel heading (NIBP 150020 without a value), a date, a waveform, an image: not a reading
            }
            CodeableConcept code = concept(obx.getObservationIdentifier());
            if (!observations.reads(code)) {
                continue; // a lab result, a device setting, a parameter no map reads: not used, whatever its value says
            }
            String recordId = "HL7/" + nonBlank(input.sendingApplication(), "unknown") + "/"
                    + (fillerOrder != null && !fillerOrder.isBlank() ? "order/" + fillerOrder : input.controlId()) + "/OBX/" + setId;
            String source = "hl7:" + input.controlId() + "/OBX/" + setId;
            numeric.add(new Read(observation(obx, code, patient, orderTime, where, NUMERIC.contains(type)), setId, recordId, source));
        }
        List<ClinicalRecord> records = new ArrayList<>();
        for (Read read : pairPressures(numeric)) {
            Object outcome;
            try {
                outcome = observations.interpret(read.observation(), read.source());
            } catch (InvalidRecordException e) {
                throw Hl7Refusal.error(ErrorCode.DATA_TYPE_ERROR, "OBX " + read.setId() + ": " + e.getMessage());
            }
            if (outcome instanceof ClinicalRecord record) {
                records.add(record.identified(read.recordId(), read.source()));
            }
        }
        return records;
    }

    /** A systolic and a diastolic OBX of the same time become one panel, as FHIR sends a blood pressure. */
    private List<Read> pairPressures(List<Read> reads) {
        Map<String, Read> systolic = new LinkedHashMap<>();
        Map<String, Read> diastolic = new LinkedHashMap<>();
        List<Read> others = new ArrayList<>();
        for (Read read : reads) {
            String code = terminology.loinc(read.observation().getCode(), Set.of(FhirObservations.SYSTOLIC, FhirObservations.DIASTOLIC))
                    .map(Terminology.Resolved::code).orElse("");
            String time = read.observation().getEffectiveDateTimeType().getValueAsString();
            if (FhirObservations.SYSTOLIC.equals(code) && !systolic.containsKey(time)) {
                systolic.put(time, read);
            } else if (FhirObservations.DIASTOLIC.equals(code) && !diastolic.containsKey(time)) {
                diastolic.put(time, read);
            } else {
                others.add(read);
            }
        }
        List<Read> result = new ArrayList<>();
        systolic.forEach((time, sys) -> {
            Read dia = diastolic.remove(time);
            if (dia == null) {
                result.add(sys);
                return;
            }
            Observation panel = sys.observation().copy();
            panel.setCode(new CodeableConcept(new Coding(Terminology.LOINC, FhirObservations.BP_PANEL, "Blood pressure panel")));
            panel.setValue(null);
            panel.addComponent().setCode(sys.observation().getCode()).setValue(sys.observation().getValue());
            panel.addComponent().setCode(dia.observation().getCode()).setValue(dia.observation().getValue());
            result.add(new Read(panel, sys.setId(), sys.recordId(), sys.source()));
        });
        result.addAll(diastolic.values());
        result.addAll(others);
        return result;
    }

    private Observation observation(OBX obx, CodeableConcept code, String patient, String orderTime, String where, boolean numeric)
            throws HL7Exception {
        Observation observation = new Observation();
        String status = obx.getObservationResultStatus().getValue();
        if (status == null || status.isBlank()) {
            throw Hl7Refusal.error(ErrorCode.REQUIRED_FIELD_MISSING, where + ": OBX-11 (result status) is empty");
        }
        Observation.ObservationStatus fhirStatus = STATUS.get(status.strip());
        if (fhirStatus == null) {
            fhirStatus = Observation.ObservationStatus.UNKNOWN; // I, N, O, S, U: no result to use
        }
        observation.setStatus(fhirStatus);
        observation.setCode(code);
        observation.setSubject(new Reference(patient));
        String time = obx.getDateTimeOfTheObservation().getValue();
        observation.setEffective(new DateTimeType(instant(time != null && !time.isBlank() ? time : orderTime, where)));
        if (obx.getEquipmentInstanceIdentifierReps() > 0) {
            String device = obx.getEquipmentInstanceIdentifier(0).getEntityIdentifier().getValue();
            if (device != null && !device.isBlank()) {
                observation.setDevice(new Reference("Device/" + device.strip()));
            }
        }
        if (!numeric) {
            observation.setValue(coded(obx));
            return observation;
        }
        Quantity quantity = new Quantity().setValue(number(obx, where));
        CWE units = obx.getUnits();
        String unitCode = units.getIdentifier().getValue();
        String unitSystem = units.getNameOfCodingSystem().getValue();
        if (unitCode != null && !unitCode.isBlank()) {
            quantity.setCode(unitCode.strip());
            if (unitSystem != null && !unitSystem.isBlank()) {
                quantity.setSystem(system(unitSystem));
            }
        }
        if (units.getText().getValue() != null) {
            quantity.setUnit(units.getText().getValue());
        }
        observation.setValue(quantity);
        return observation;
    }

    /** A coded or text OBX-5 as a CodeableConcept: code^text^system (and its alternate) of a CWE, the words of an ST or TX. */
    private static CodeableConcept coded(OBX obx) throws HL7Exception {
        ca.uhn.hl7v2.model.Type data = obx.getObservationValue(0).getData();
        if (!(data instanceof ca.uhn.hl7v2.model.Composite composite)) {
            String words = data instanceof ca.uhn.hl7v2.model.Primitive primitive ? primitive.getValue() : data.encode();
            return new CodeableConcept().setText(words == null ? "" : words.strip());
        }
        ca.uhn.hl7v2.model.Type[] components = composite.getComponents();
        String[] parts = new String[components.length];
        for (int i = 0; i < components.length; i++) {
            parts[i] = components[i] instanceof ca.uhn.hl7v2.model.Primitive primitive
                    ? (primitive.getValue() == null ? "" : primitive.getValue()) : components[i].encode();
        }
        CodeableConcept concept = new CodeableConcept();
        addCoding(concept, part(parts, 0), part(parts, 1), part(parts, 2));
        addCoding(concept, part(parts, 3), part(parts, 4), part(parts, 5));
        String text = part(parts, 8) != null ? part(parts, 8) : part(parts, 1);
        if (text != null) {
            concept.setText(text);
        }
        return concept;
    }

    private static String part(String[] parts, int index) {
        return index < parts.length && !parts[index].isBlank() ? parts[index].strip() : null;
    }

    private static BigDecimal number(OBX obx, String where) throws HL7Exception {
        String value = obx.getObservationValue(0).getData().encode();
        if ("SN".equals(obx.getValueType().getValue())) {
            // comparator ^ number ^ separator ^ number: only a plain value (no <, >, range) is a reading
            String[] parts = value.split("\\^", -1);
            if (parts.length > 2 && !parts[2].isBlank() || parts.length > 0 && !parts[0].isBlank() && !"=".equals(parts[0])) {
                throw Hl7Refusal.error(ErrorCode.DATA_TYPE_ERROR, where + ": OBX-5 '" + value + "' is a comparison or a range, not a reading");
            }
            value = parts.length > 1 ? parts[1] : "";
        }
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw Hl7Refusal.error(ErrorCode.DATA_TYPE_ERROR, where + ": OBX-5 '" + value + "' is not a number (OBX-2 says "
                    + obx.getValueType().getValue() + ")");
        }
    }

    private static java.util.Date instant(String time, String where) {
        if (time == null || time.isBlank()) {
            throw Hl7Refusal.error(ErrorCode.REQUIRED_FIELD_MISSING, where + ": no time (OBX-14 or OBR-7)");
        }
        return java.util.Date.from(Hl7Times.instant(time, where + ": time"));
    }

    private static CodeableConcept concept(CWE cwe) throws HL7Exception {
        CodeableConcept concept = new CodeableConcept();
        addCoding(concept, cwe.getIdentifier().getValue(), cwe.getText().getValue(), cwe.getNameOfCodingSystem().getValue());
        addCoding(concept, cwe.getAlternateIdentifier().getValue(), cwe.getAlternateText().getValue(),
                cwe.getNameOfAlternateCodingSystem().getValue());
        if (!concept.hasCoding() && cwe.getText().getValue() != null) {
            concept.setText(cwe.getText().getValue());
        }
        return concept;
    }

    private static void addCoding(CodeableConcept concept, String code, String text, String system) {
        if (code != null && !code.isBlank()) {
            concept.addCoding(new Coding(system == null || system.isBlank() ? null : system(system), code.strip(), text));
        }
    }

    private static String system(String hl7Name) {
        return Optional.ofNullable(CODING_SYSTEMS.get(hl7Name.strip())).orElse(LOCAL_CODING_SYSTEM + hl7Name.strip());
    }

    private static String describe(CWE cwe) throws HL7Exception {
        return nonBlank(cwe.getIdentifier().getValue(), "") + "^" + nonBlank(cwe.getText().getValue(), "") + "^"
                + nonBlank(cwe.getNameOfCodingSystem().getValue(), "");
    }

    private static String nonBlank(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }
}
