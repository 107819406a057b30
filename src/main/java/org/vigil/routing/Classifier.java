package org.vigil.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Body;
import org.springframework.stereotype.Component;
import org.vigil.clinical.ClinicalRules;
import org.vigil.clinical.Finding;
import org.vigil.clinical.News2;
import org.vigil.clinical.PatientVitalsWindow;
import org.vigil.config.Specialties;
import org.vigil.config.VigilProperties;
import org.vigil.record.ClinicalRecord;
import org.vigil.risk.RiskModel;
import org.vigil.risk.RiskScore;

/**
 * Decides what a record means and who must see it: the clinical rules, NEWS2 for vital signs
 * (from the patient's window of latest values), the PMML risk score for heart-study records, the
 * router's destinations, and for each the message that specialty may receive; plus one message
 * with the whole record and its classification for the classified topic, which the stores read.
 */
@Component("classifier")
public class Classifier {

    /** The destination name of the message for the classified topic. */
    public static final String CLASSIFIED = "classified";

    private final ClinicalRules rules;
    private final PatientVitalsWindow vitalsWindow;
    private final SpecialtyRouter router;
    private final SpecialtyProjections projections;
    private final RoutingProperties properties;
    private final RiskModel riskModel;
    private final String classifiedTopic;
    private final Specialties specialties;

    public Classifier(ClinicalRules rules, PatientVitalsWindow vitalsWindow, SpecialtyRouter router,
                      SpecialtyProjections projections, RoutingProperties properties, RiskModel riskModel,
                      VigilProperties vigil, Specialties specialties) {
        this.specialties = specialties;
        this.riskModel = riskModel;
        this.classifiedTopic = vigil.kafka().topics().classified();
        this.rules = rules;
        this.vitalsWindow = vitalsWindow;
        this.router = router;
        this.projections = projections;
        this.properties = properties;
    }

    public List<SpecialtyMessage> classify(@Body ClinicalRecord record) {
        ClinicalRules.Assessment assessment = rules.assess(record);
        News2.Score news2 = scoresNews2(record) ? vitalsWindow.scoreWith(record) : null;
        // Records without the core features (e.g. vital signs alone) are not scored, rather than scored 0.
        RiskScore risk = riskModel.score(record.heart()).orElse(null);
        Map<String, String> facts = Trigger.factsOf(record, assessment, news2,
                risk == null ? null : risk.probability(), properties.riskThreshold());
        RoutingDecision decision = router.route(facts);
        List<String> findings = assessment.findings().stream().map(Finding::rule).map(Enum::name).toList();
        String key = record.patientId() != null ? record.patientId() : record.recordId();
        List<SpecialtyMessage> messages = new ArrayList<>();
        decision.reasonsByDestination().forEach((destination, reasons) -> messages.add(new SpecialtyMessage(destination,
                specialties.named(destination).topic(), key,
                projections.project(destination, record, findings, news2, risk, reasons))));
        messages.add(new SpecialtyMessage(CLASSIFIED, classifiedTopic, key, projections.classified(record, findings,
                Trigger.anomaliesOf(facts), news2, risk, List.copyOf(decision.reasonsByDestination().keySet()))));
        return messages;
    }

    private static boolean scoresNews2(ClinicalRecord record) {
        return record.vitals() != null && !record.vitals().hasNoValue() && record.patientId() != null && record.effectiveTime() != null;
    }
}
