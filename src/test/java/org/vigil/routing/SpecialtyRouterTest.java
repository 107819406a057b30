package org.vigil.routing;

import org.vigil.config.Specialties;
import org.vigil.config.SpecialtyProperties;
import org.vigil.config.VigilProperties;
import org.vigil.testsupport.ShippedConfiguration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vigil.clinical.ClinicalRules;
import org.vigil.clinical.ClinicalThresholds;
import org.vigil.clinical.News2;
import org.vigil.event.SpecialtyRecord;
import org.vigil.event.Trigger;
import org.vigil.record.ChestPain;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.Consciousness;
import org.vigil.record.HeartStudy;
import org.vigil.record.RestingEcg;
import org.vigil.record.Sex;
import org.vigil.record.StSlope;
import org.vigil.record.Thal;
import org.vigil.record.VitalSigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecialtyRouterTest {

    /** The specialties as shipped in application.yaml. */
    static final Specialties SHIPPED = ShippedConfiguration.specialties();
    static final RoutingProperties ROUTING = ShippedConfiguration.routing();

    private final ClinicalRules rules = new ClinicalRules(ClinicalThresholds.defaults());
    private final SpecialtyRouter router = new SpecialtyRouter(SHIPPED);
    private final SpecialtyProjections projections = new SpecialtyProjections(ROUTING, SHIPPED);

    private RoutingDecision route(ClinicalRecord record, News2.Score news2, Double risk) {
        return router.route(Trigger.factsOf(record, rules.assess(record), news2, risk, ROUTING.riskThreshold()));
    }

    private static ClinicalRecord study(int trestbps, int chol, boolean fbs, RestingEcg ecg) {
        return new ClinicalRecord("csv-1", "file:heart.csv:2", null, null, null, null, new HeartStudy(52, Sex.MALE,
                ChestPain.ASYMPTOMATIC, trestbps, chol, fbs, ecg, 150, false, 1.0, StSlope.FLAT, 2, Thal.REVERSIBLE_DEFECT, true, null), null);
    }

    private static ClinicalRecord vitals(VitalSigns v) {
        return new ClinicalRecord("Observation/1", "http:x", "Patient/7", Instant.parse("2026-11-24T08:00:00Z"), null, null, null, v);
    }

    @Test
    void theseAreTheSpecialtiesApplicationYamlShips() {
        assertThat(SHIPPED.all()).extracting(Specialties.Specialty::name)
                .containsExactly("cardiology", "emergency", "diabetes", "dyslipidemia", "vitals", "research");
        assertThat(SHIPPED.named("cardiology").when())
                .containsExactly("risk-high", "HYPERTENSION", "HYPERTENSIVE_CRISIS", "ABNORMAL_RESTING_ECG", "MAX_HEART_RATE_OUT_OF_RANGE");
        assertThat(SHIPPED.named("emergency").when())
                .containsExactly("HYPERTENSIVE_CRISIS", "hypotension-with-high-risk", "news2-high", "news2-single-3");
        assertThat(SHIPPED.named("diabetes").when()).containsExactly("HIGH_FASTING_BLOOD_SUGAR");
        assertThat(SHIPPED.named("dyslipidemia").when()).containsExactly("HIGH_CHOLESTEROL");
        assertThat(SHIPPED.named("vitals").when()).containsExactly("vital-signs");
        assertThat(SHIPPED.named("research").when()).containsExactly("always");
        // Everything else follows from the name and the prefixes.
        assertThat(SHIPPED.named("cardiology").topic()).isEqualTo("vigil.cardiology");
        assertThat(SHIPPED.named("cardiology").collection()).isEqualTo("cardiology");
        assertThat(SHIPPED.all()).filteredOn(Specialties.Specialty::pseudonymise).extracting(Specialties.Specialty::name)
                .containsExactly("research");
        assertThat(ROUTING.riskThreshold()).isEqualTo(0.5);
    }

    @Test
    void aTriggerOrFieldThatDoesNotExistStopsStartUp() {
        VigilProperties vigil = ShippedConfiguration.vigil();
        Specialties typo = Specialties.of(vigil, Map.of("nephrology",
                new SpecialtyProperties.Definition(List.of("HIGH_CHOLESTROL"), List.of("cholesterol"), false, List.of(), null, null, false, null)));
        assertThatThrownBy(() -> new SpecialtyRouter(typo)).hasMessageContaining("HIGH_CHOLESTROL").hasMessageContaining("HIGH_CHOLESTEROL");
        Specialties unknownField = Specialties.of(vigil, Map.of("nephrology",
                new SpecialtyProperties.Definition(List.of("always"), List.of("creatinine"), false, List.of(), null, null, false, null)));
        assertThatThrownBy(() -> new SpecialtyProjections(ROUTING, unknownField)).hasMessageContaining("creatinine");
    }

    @Test
    void aHealthyStudyRowGoesToResearchOnly() {
        assertThat(route(study(120, 180, false, RestingEcg.NORMAL), null, 0.2).reasonsByDestination()).containsOnlyKeys("research");
    }

    @Test
    void studyFindingsSelectTheirSpecialties() {
        RoutingDecision decision = route(study(150, 250, true, RestingEcg.NORMAL), null, 0.8);
        assertThat(decision.reasonsByDestination()).containsOnlyKeys("cardiology", "diabetes", "dyslipidemia", "research");
        assertThat(decision.reasonsByDestination().get("cardiology")).contains("risk score 0.80 above 0.50");
        assertThat(decision.reasonsByDestination().get("dyslipidemia")).containsExactly("cholesterol 250 mg/dl > 200");
    }

    @Test
    void crisisGoesToEmergency() {
        RoutingDecision decision = route(vitals(new VitalSigns(195.0, 125.0, null, null, null, null, null, null)), null, null);
        assertThat(decision.reasonsByDestination()).containsOnlyKeys("cardiology", "emergency", "vitals", "research");
    }

    @Test
    void news2HighDrivesEmergency() {
        News2.Score high = News2.score(new News2.Inputs(26.0, 93.0, true, 95.0, 118.0, Consciousness.ALERT, 39.4, false));
        VitalSigns febrile = new VitalSigns(null, null, null, null, null, 39.4, null, null);
        assertThat(route(vitals(febrile), high, null).reasonsByDestination()).containsKeys("emergency", "vitals");

        News2.Score medium = News2.score(new News2.Inputs(22.0, 95.0, false, 105.0, 95.0, Consciousness.ALERT, 37.0, false));
        assertThat(medium.total()).isEqualTo(5);
        assertThat(route(vitals(febrile), medium, null).reasonsByDestination()).containsKey("vitals").doesNotContainKey("emergency");
    }

    @Test
    void hypotensionReachesEmergencyOnlyWithHighRisk() {
        VitalSigns low = new VitalSigns(85.0, 55.0, null, null, null, null, null, null);
        assertThat(route(vitals(low), null, null).reasonsByDestination()).doesNotContainKey("emergency");
        assertThat(route(vitals(low), null, 0.9).reasonsByDestination()).containsKey("emergency");
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .findAndAddModules().build();

    /** The message as a consumer of the topic reads it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> onTheWire(SpecialtyRecord message) {
        return JSON.convertValue(message, Map.class);
    }

    @Test
    void eachTopicCarriesOnlyItsFieldsAndResearchNoPatientId() {
        ClinicalRecord record = vitals(new VitalSigns(195.0, 125.0, 120.0, 24.0, 93.0, 38.5, true, Consciousness.ALERT));
        News2.Score news2 = News2.score(new News2.Inputs(24.0, 93.0, true, 195.0, 120.0, Consciousness.ALERT, 38.5, false));
        for (Specialties.Specialty specialty : SHIPPED.all()) {
            Map<String, Object> message = onTheWire(projections.project(specialty.name(), record, List.of("HYPERTENSIVE_CRISIS"), news2, null, List.of("why")));
            assertThat(message.keySet()).as(specialty.name())
                    .allMatch(f -> SpecialtyRecord.COMMON.contains(f) && (!f.equals("pseudonym") || specialty.pseudonymise())
                            || specialty.fields().contains(f));
        }
        SpecialtyRecord research = projections.project("research", record, List.of(), news2, null, List.of("every record"));
        assertThat(research.patientId()).isNull();
        assertThat(research.pseudonym()).isEqualTo(projections.pseudonym("Patient/7")).isNotEqualTo("Patient/7");
        assertThat(research.recordId()).as("a pseudonym too").isNotEqualTo(record.recordId()).startsWith("r-");
        assertThat(research.effectiveTime()).as("shifted (dates: shift)").isNotEqualTo(record.effectiveTime());
        assertThat(Math.abs(java.time.Duration.between(record.effectiveTime(), research.effectiveTime()).toDays()))
                .isBetween(1L, 180L);
        assertThat(onTheWire(research)).as("not scored: no risk, never a made-up 0").doesNotContainKey("risk");
        Map<String, Object> diabetes = onTheWire(projections.project("diabetes", record, List.of(), null, null, List.of("x")));
        assertThat(diabetes).containsOnlyKeys("recordId", "effectiveTime", "patientId", "reasons");
    }

    @Test
    void aSpecialtyGetsTheCrisisFindingsTheStudyTheRiskAndTheLocationOnlyWhenItNamesThem() {
        VigilProperties vigil = ShippedConfiguration.vigil();
        Specialties both = Specialties.of(vigil, Map.of(
                "all", new SpecialtyProperties.Definition(List.of("always"), List.of("crisis", "heart", "risk", "location", "findings",
                        "chestPain", "restingSystolicBp", "restingEcg", "majorVessels", "cholesterol", "maxHeartRate", "stSlope",
                        "fastingBloodSugarOver120"), false, List.of(), null, null, false, null),
                "none", new SpecialtyProperties.Definition(List.of("always"), List.of("vitals"), false, List.of(), null, null, false, null)));
        SpecialtyProjections projecting = new SpecialtyProjections(ROUTING, both);
        org.vigil.record.PatientLocation bed = new org.vigil.record.PatientLocation("4B", "12", "2", "General", "admitted", Instant.parse("2026-11-24T07:00:00Z"));
        ClinicalRecord record = study(190, 300, true, RestingEcg.NORMAL).at(bed);
        org.vigil.risk.RiskScore risk = new org.vigil.risk.RiskScore(0.8, "heart-risk 1", List.of());
        List<String> findings = List.of("FEVER", "HYPERTENSIVE_CRISIS", "HIGH_CHOLESTEROL", "HYPOTENSION");

        SpecialtyRecord all = projecting.project("all", record, findings, null, risk, List.of("always"));
        assertThat(all.crisis()).as("the crisis findings only").containsExactly("HYPERTENSIVE_CRISIS", "HYPOTENSION");
        assertThat(all.findings()).isEqualTo(findings);
        assertThat(all.heart()).isEqualTo(record.heart());
        assertThat(all.risk()).isEqualTo(risk);
        assertThat(all.location()).isEqualTo(bed);
        HeartStudy heart = record.heart();
        assertThat(List.of(all.chestPain(), all.restingSystolicBp(), all.restingEcg(), all.majorVessels(), all.cholesterol(), all.maxHeartRate(),
                all.stSlope(), all.fastingBloodSugarOver120())).containsExactly(heart.chestPain(), heart.restingSystolicBp(), heart.restingEcg(),
                heart.majorVessels(), heart.cholesterol(), heart.maxHeartRate(), heart.stSlope(), heart.fastingBloodSugarOver120());

        SpecialtyRecord none = projecting.project("none", record, findings, null, risk, List.of("always"));
        assertThat(none.crisis()).isNull();
        assertThat(none.findings()).isNull();
        assertThat(none.heart()).isNull();
        assertThat(none.risk()).isNull();
        assertThat(none.location()).isNull();
        assertThat(java.util.Arrays.asList(none.chestPain(), none.restingSystolicBp(), none.restingEcg(), none.majorVessels(), none.cholesterol(),
                none.maxHeartRate(), none.stSlope(), none.fastingBloodSugarOver120())).as("the study's fields it does not name").containsOnlyNulls();
    }

    @Test
    void aPseudonymisingSpecialtyWithoutAKeyStopsStartUp() {
        RoutingProperties noKey = new RoutingProperties(ROUTING.riskThreshold(), "", ROUTING.dateShiftMaxDays());
        assertThatThrownBy(() -> new SpecialtyProjections(noKey, SHIPPED)).hasMessageContaining("vigil.specialties.research")
                .hasMessageContaining("VIGIL_PSEUDONYM_KEY");
    }
}
