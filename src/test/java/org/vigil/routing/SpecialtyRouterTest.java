package org.vigil.routing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vigil.clinical.ClinicalRules;
import org.vigil.clinical.ClinicalThresholds;
import org.vigil.clinical.News2;
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

class SpecialtyRouterTest {

    /** The destinations as shipped in application.yaml. */
    static final RoutingProperties SHIPPED = new RoutingProperties(0.5, "test-key", Map.of(
            "cardiology", new RoutingProperties.Destination("vigil.cardiology",
                    List.of("risk-high", "HYPERTENSION", "HYPERTENSIVE_CRISIS", "ABNORMAL_RESTING_ECG", "MAX_HEART_RATE_OUT_OF_RANGE")),
            "emergency", new RoutingProperties.Destination("vigil.emergency",
                    List.of("HYPERTENSIVE_CRISIS", "hypotension-with-high-risk", "news2-high", "news2-single-3")),
            "diabetes", new RoutingProperties.Destination("vigil.diabetes", List.of("HIGH_FASTING_BLOOD_SUGAR")),
            "dyslipidemia", new RoutingProperties.Destination("vigil.dyslipidemia", List.of("HIGH_CHOLESTEROL")),
            "vitals", new RoutingProperties.Destination("vigil.vitals", List.of("vital-signs")),
            "research", new RoutingProperties.Destination("vigil.research", List.of("always")),
            "alerts", new RoutingProperties.Destination("vigil.alerts", List.of("HYPERTENSIVE_CRISIS", "news2-medium", "news2-single-3"))));

    private final ClinicalRules rules = new ClinicalRules(ClinicalThresholds.defaults());
    private final SpecialtyRouter router = new SpecialtyRouter(SHIPPED);
    private final SpecialtyProjections projections = new SpecialtyProjections(SHIPPED);

    private RoutingDecision route(ClinicalRecord record, News2.Score news2, Double risk) {
        return router.route(Trigger.factsOf(record, rules.assess(record), news2, risk, SHIPPED.riskThreshold()));
    }

    private static ClinicalRecord study(int trestbps, int chol, boolean fbs, RestingEcg ecg) {
        return new ClinicalRecord("csv-1", "file:heart.csv:2", null, null, null, null, new HeartStudy(52, Sex.MALE,
                ChestPain.ASYMPTOMATIC, trestbps, chol, fbs, ecg, 150, false, 1.0, StSlope.FLAT, 2, Thal.REVERSIBLE_DEFECT, true, null), null);
    }

    private static ClinicalRecord vitals(VitalSigns v) {
        return new ClinicalRecord("Observation/1", "http:x", "Patient/7", Instant.parse("2026-11-24T08:00:00Z"), null, null, null, v);
    }

    @Test
    void theseAreTheDestinationsApplicationYamlShips() throws Exception {
        var sources = new org.springframework.boot.env.YamlPropertySourceLoader()
                .load("application", new org.springframework.core.io.ClassPathResource("application.yaml"));
        // Topic names are built from ${vigil.kafka.topic-prefix}: resolve placeholders as Spring does.
        var binder = new org.springframework.boot.context.properties.bind.Binder(
                org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(sources),
                new org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver(sources));
        RoutingProperties shipped = binder.bind("vigil.routing", RoutingProperties.class).get();
        assertThat(shipped.destinations()).isEqualTo(SHIPPED.destinations());
        assertThat(shipped.riskThreshold()).isEqualTo(SHIPPED.riskThreshold());
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
    void crisisGoesToEmergencyAndAlerts() {
        RoutingDecision decision = route(vitals(new VitalSigns(195.0, 125.0, null, null, null, null, null, null)), null, null);
        assertThat(decision.reasonsByDestination()).containsOnlyKeys("cardiology", "emergency", "alerts", "vitals", "research");
    }

    @Test
    void news2DrivesEmergencyAndAlerts() {
        News2.Score high = News2.score(new News2.Inputs(26.0, 93.0, true, 95.0, 118.0, Consciousness.ALERT, 39.4, false));
        VitalSigns febrile = new VitalSigns(null, null, null, null, null, 39.4, null, null);
        assertThat(route(vitals(febrile), high, null).reasonsByDestination()).containsKeys("emergency", "alerts", "vitals");

        News2.Score medium = News2.score(new News2.Inputs(22.0, 95.0, false, 105.0, 95.0, Consciousness.ALERT, 37.0, false));
        assertThat(medium.total()).isEqualTo(5);
        assertThat(route(vitals(febrile), medium, null).reasonsByDestination()).containsKey("alerts").doesNotContainKey("emergency");
    }

    @Test
    void hypotensionReachesEmergencyOnlyWithHighRisk() {
        VitalSigns low = new VitalSigns(85.0, 55.0, null, null, null, null, null, null);
        assertThat(route(vitals(low), null, null).reasonsByDestination()).doesNotContainKey("emergency");
        assertThat(route(vitals(low), null, 0.9).reasonsByDestination()).containsKey("emergency");
    }

    @Test
    void eachTopicCarriesOnlyItsFieldsAndResearchNoPatientId() {
        ClinicalRecord record = vitals(new VitalSigns(195.0, 125.0, 120.0, 24.0, 93.0, 38.5, true, Consciousness.ALERT));
        News2.Score news2 = News2.score(new News2.Inputs(24.0, 93.0, true, 195.0, 120.0, Consciousness.ALERT, 38.5, false));
        for (String destination : SpecialtyProjections.FIELDS.keySet()) {
            Map<String, Object> message = projections.project(destination, record, List.of("HYPERTENSIVE_CRISIS"), news2, null, List.of("why"));
            assertThat(message.keySet()).as(destination)
                    .allMatch(f -> SpecialtyProjections.COMMON.contains(f) || SpecialtyProjections.FIELDS.get(destination).contains(f)
                            || f.equals("pseudonym"));
        }
        Map<String, Object> research = projections.project("research", record, List.of(), news2, null, List.of("every record"));
        assertThat(research).doesNotContainKey("patientId").containsKey("pseudonym");
        assertThat(research.get("pseudonym")).isEqualTo(projections.pseudonym("Patient/7")).isNotEqualTo("Patient/7");
        assertThat(research.get("risk")).isEqualTo("not scored");
        Map<String, Object> diabetes = projections.project("diabetes", record, List.of(), null, null, List.of("x"));
        assertThat(diabetes).containsOnlyKeys("recordId", "effectiveTime", "patientId", "reasons");
    }
}
