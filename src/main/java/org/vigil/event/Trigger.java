package org.vigil.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.vigil.clinical.ClinicalRules;
import org.vigil.clinical.Finding;
import org.vigil.clinical.News2;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.HeartStudy;
import org.vigil.record.VitalSigns;

/**
 * The facts a routing rule can name in configuration ({@code vigil.routing.destinations.*.when}):
 * every clinical rule by its name (e.g. {@code HYPERTENSIVE_CRISIS}), plus the conditions below.
 * Each fact that holds comes with the reason a clinician reads.
 */
public final class Trigger {

    public static final String ALWAYS = "always";
    public static final String VITAL_SIGNS = "vital-signs";
    public static final String RISK_HIGH = "risk-high";
    public static final String HYPOTENSION_WITH_HIGH_RISK = "hypotension-with-high-risk";
    public static final String NEWS2_SINGLE_3 = "news2-single-3";
    public static final String NEWS2_MEDIUM = "news2-medium";
    public static final String NEWS2_HIGH = "news2-high";

    private static final List<String> CONDITIONS = List.of(ALWAYS, VITAL_SIGNS, RISK_HIGH, HYPOTENSION_WITH_HIGH_RISK,
            NEWS2_SINGLE_3, NEWS2_MEDIUM, NEWS2_HIGH);

    private Trigger() {
    }

    /** Every fact a routing rule can name: the clinical rules and the conditions above. */
    public static List<String> known() {
        List<String> known = new java.util.ArrayList<>();
        for (Finding.Rule rule : Finding.Rule.values()) {
            known.add(rule.name());
        }
        known.addAll(CONDITIONS);
        return known;
    }

    public static boolean isKnown(String fact) {
        return known().contains(fact);
    }

    /**
     * The facts that make a record an <b>anomaly</b>: a finding worth a clinician's look now. A
     * vital-sign threshold crossed (hypertensive crisis, hypotension, fever), NEWS2 of 5 or more or
     * any single parameter scoring 3, the risk model above its threshold. Routing triggers that
     * only decide who sees a record (hypertension stage 1, cholesterol above 200, fasting sugar,
     * resting ECG, maximum heart rate) are not anomalies.
     */
    public static final java.util.Set<String> ANOMALIES = java.util.Set.of(Finding.Rule.HYPERTENSIVE_CRISIS.name(),
            Finding.Rule.HYPOTENSION.name(), Finding.Rule.FEVER.name(), NEWS2_MEDIUM, NEWS2_HIGH, NEWS2_SINGLE_3, RISK_HIGH,
            HYPOTENSION_WITH_HIGH_RISK);

    /**
     * The facts of a record that are anomalies ({@link #ANOMALIES}): what a dashboard or an alert
     * rule searches for. This is the one place that decides it; the classified record carries the
     * result ({@code anomalies}) and the stores index by it.
     */
    public static List<String> anomaliesOf(Map<String, String> facts) {
        return facts.keySet().stream().filter(ANOMALIES::contains).toList();
    }

    /**
     * The facts that hold for a record, each with its reason.
     *
     * @param news2 null for records without vital signs
     * @param risk  the risk model's probability of disease, null when not scored
     */
    public static Map<String, String> factsOf(ClinicalRecord record, ClinicalRules.Assessment assessment,
                                              News2.Score news2, Double risk, double riskThreshold) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(ALWAYS, "every record");
        for (Finding finding : assessment.findings()) {
            facts.putIfAbsent(finding.rule().name(), finding.reason());
        }
        if (record.vitals() != null) {
            facts.put(VITAL_SIGNS, "vital-sign observation");
        }
        boolean riskHigh = risk != null && risk > riskThreshold;
        if (riskHigh) {
            facts.put(RISK_HIGH, "risk score " + twoDecimals(risk) + " above " + twoDecimals(riskThreshold));
            if (assessment.has(Finding.Rule.HYPOTENSION)) {
                facts.put(HYPOTENSION_WITH_HIGH_RISK, "hypotension with risk score " + twoDecimals(risk));
            }
        }
        facts.putAll(news2Facts(news2));
        return facts;
    }

    /** The NEWS2 facts of a score, each with its reason; empty for null (no vital signs). */
    public static Map<String, String> news2Facts(News2.Score news2) {
        Map<String, String> facts = new LinkedHashMap<>();
        if (news2 == null) {
            return facts;
        }
        if (news2.anySingleThree()) {
            facts.put(NEWS2_SINGLE_3, total(news2) + " with a single parameter scoring 3");
        }
        // The bands are NEWS2's own decision (News2.band); a routing rule only names them.
        if (news2.band() == News2.Band.MEDIUM || news2.band() == News2.Band.HIGH) {
            facts.put(NEWS2_MEDIUM, total(news2) + ": urgent response");
        }
        if (news2.band() == News2.Band.HIGH) {
            facts.put(NEWS2_HIGH, total(news2) + ": emergency response");
        }
        return facts;
    }

    /** The score as a fact's reason states it; written only for a fact that holds (most scores hold none). */
    private static String total(News2.Score news2) {
        return "NEWS2 " + news2.total() + (news2.complete() ? "" : " (at least; missing " + news2.missing() + ")");
    }

    /**
     * A probability to two decimals, rounded half up, with a point whatever the machine's locale
     * (what {@code String.format("%.2f")} gives in an English locale, without its cost per record):
     * how a risk score is written wherever a person reads it (a fact's reason, a notification).
     */
    public static String twoDecimals(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        return java.math.BigDecimal.valueOf(value).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    /**
     * Whether a record carries what a fact is decided from, so that the fact not holding for it
     * means the condition is gone (what resolves an alert): a blood pressure for the pressure
     * rules, a temperature for fever, a NEWS2 score for the NEWS2 facts, a risk score for the risk
     * facts, the heart-study values for the study's rules.
     *
     * @param news2 the record's NEWS2 score, null when it has none
     * @param risk  the record's risk probability, null when not scored
     */
    public static boolean decidedBy(String fact, ClinicalRecord record, News2.Score news2, Double risk) {
        VitalSigns vitals = record.vitals();
        HeartStudy heart = record.heart();
        return switch (fact) {
            case "HYPERTENSION", "HYPERTENSIVE_CRISIS", "HYPOTENSION" ->
                    vitals != null && (vitals.systolicMmHg() != null || vitals.diastolicMmHg() != null)
                            || heart != null && heart.restingSystolicBp() != null;
            case "FEVER" -> vitals != null && vitals.temperatureCelsius() != null;
            case NEWS2_SINGLE_3, NEWS2_MEDIUM, NEWS2_HIGH -> news2 != null;
            case RISK_HIGH, HYPOTENSION_WITH_HIGH_RISK -> risk != null;
            case ALWAYS -> true;
            case VITAL_SIGNS -> vitals != null;
            default -> heart != null;
        };
    }
}
