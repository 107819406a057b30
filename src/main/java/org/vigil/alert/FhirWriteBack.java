package org.vigil.alert;

import java.util.Date;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.springframework.stereotype.Component;
import org.vigil.event.ClassifiedRecord;

/**
 * The FHIR resources Vigil writes back to the hospital's FHIR server: each alert as a
 * {@link Flag} (identifier {@value #ALERT_SYSTEM}|alert id; active while the alert is, inactive
 * once resolved; its period from opening to resolution) and each risk score as a
 * {@link RiskAssessment} (identifier {@value #RISK_SYSTEM}|record id; the probability of coronary
 * disease, the model version as its method). Both are written by their identifier, so a resource is
 * never written twice: the Flag with a conditional update (created when absent), the
 * RiskAssessment with a conditional create.
 */
@Component("fhirWriteBack")
public class FhirWriteBack {

    public static final String ALERT_SYSTEM = "urn:vigil:alert";
    public static final String RISK_SYSTEM = "urn:vigil:risk-assessment";
    /** camel-fhir's header for the search URL of a conditional create or update. */
    static final String URL_HEADER = "CamelFhir.url";

    private final ObjectMapper json;

    public FhirWriteBack(ObjectMapper json) {
        this.json = json;
    }

    /** A patient's alert event that changes what the Flag says (every notified event). */
    public boolean writesFlag(@Body String event) throws JsonProcessingException {
        AlertEvent read = json.readValue(event, AlertEvent.class);
        return read.type().notifies() && read.alert().patientId() != null;
    }

    public void flag(Exchange exchange) throws JsonProcessingException {
        AlertEvent event = json.readValue(exchange.getMessage().getBody(String.class), AlertEvent.class);
        Alert alert = event.alert();
        Flag flag = new Flag();
        flag.addIdentifier(new Identifier().setSystem(ALERT_SYSTEM).setValue(alert.alertId()));
        flag.setStatus(alert.status().active() ? Flag.FlagStatus.ACTIVE : Flag.FlagStatus.INACTIVE);
        flag.addCategory(new CodeableConcept().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/flag-category", "clinical", "Clinical")));
        flag.setCode(new CodeableConcept().addCoding(new Coding("urn:vigil:alert-rule", alert.rule(), alert.title()))
                .setText(alert.title() + " (" + alert.severity().id() + "): " + alert.reason()));
        flag.setSubject(new Reference(alert.patientId()));
        Period period = new Period().setStart(Date.from(alert.openedAt()));
        if (alert.resolvedAt() != null) {
            period.setEnd(Date.from(alert.resolvedAt()));
        }
        flag.setPeriod(period);
        flag.setAuthor(new Reference().setDisplay("Vigil alert rule " + alert.rule()));
        exchange.getMessage().setHeader(URL_HEADER, "Flag?identifier=" + ALERT_SYSTEM + "|" + alert.alertId());
        exchange.getMessage().setBody(flag);
    }

    /** A classified record with a risk score and a patient (not a retraction). */
    public boolean hasRiskScore(@Body String classified) throws JsonProcessingException {
        ClassifiedRecord record = json.readValue(classified, ClassifiedRecord.class);
        return record.risk() != null && record.patientId() != null && !record.retracts();
    }

    public void riskAssessment(Exchange exchange) throws JsonProcessingException {
        ClassifiedRecord record = json.readValue(exchange.getMessage().getBody(String.class), ClassifiedRecord.class);
        String recordId = record.record().recordId();
        RiskAssessment assessment = new RiskAssessment();
        assessment.addIdentifier(new Identifier().setSystem(RISK_SYSTEM).setValue(recordId));
        assessment.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
        assessment.setSubject(new Reference(record.patientId()));
        if (record.record().effectiveTime() != null) {
            assessment.setOccurrence(new org.hl7.fhir.r4.model.DateTimeType(record.record().effectiveTime().toString()));
        }
        assessment.setMethod(new CodeableConcept().setText("Vigil PMML heart-disease model " + record.risk().modelVersion()));
        assessment.addBasis(new Reference().setDisplay("Vigil record " + recordId));
        assessment.addPrediction()
                .setOutcome(new CodeableConcept().addCoding(new Coding("http://snomed.info/sct", "53741008", "Coronary arteriosclerosis")))
                .setProbability(new DecimalType(record.risk().probability()));
        exchange.getMessage().setHeader(URL_HEADER, "RiskAssessment?identifier=" + RISK_SYSTEM + "|" + recordId);
        exchange.getMessage().setBody(assessment);
    }
}
