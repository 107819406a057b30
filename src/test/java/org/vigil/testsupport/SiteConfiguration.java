package org.vigil.testsupport;

/**
 * What a site keeps in its configuration folders, for the tests that change them: its own routing
 * rule (a route forwarding the emergency topic to an outreach team's topic), and a ward system's
 * local observation code with the ConceptMap that translates it to LOINC.
 */
public final class SiteConfiguration {

    /** A heart rate in the ward system's local code (HF), which only {@link #WARD_MAP} makes readable. */
    public static String localHeartRate(String id) {
        return """
                {"resourceType": "Observation", "id": "%s", "status": "final",
                 "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
                 "code": {"coding": [{"system": "http://hospital.example/fhir/CodeSystem/ward-obs", "code": "HF", "display": "Herzfrequenz"}]},
                 "subject": {"reference": "Patient/site-1"}, "effectiveDateTime": "2026-12-01T10:00:00Z",
                 "valueQuantity": {"value": 88, "unit": "Schläge/min", "system": "http://unitsofmeasure.org", "code": "/min"}}
                """.formatted(id);
    }

    /** The ward's ConceptMap: its code HF is LOINC 8867-4 (heart rate). */
    public static final String WARD_MAP = """
            {"resourceType": "ConceptMap", "id": "ward-obs", "url": "http://hospital.example/fhir/ConceptMap/ward-obs-to-loinc",
             "status": "active",
             "group": [{"source": "http://hospital.example/fhir/CodeSystem/ward-obs", "target": "http://loinc.org",
                        "element": [{"code": "HF", "display": "Herzfrequenz",
                                     "target": [{"code": "8867-4", "display": "Heart rate", "equivalence": "equivalent"}]}]}]}
            """;

    /**
     * The site's rule: every message of the emergency topic to outreach team {@code team}'s topic,
     * after {@code stepsBefore} (YAML steps, indented as route steps). Each message is committed
     * once forwarded, and one that fails is read again.
     */
    public static String outreachRoute(String team, String stepsBefore) {
        return "# The outreach team on call gets every emergency message (a site's own routing rule).\n"
                + "- route:\n"
                + "    id: site-outreach\n"
                + "    from:\n"
                + "      uri: kafka:{{vigil.kafka.topic-prefix}}emergency\n"
                + "      parameters:\n"
                + "        groupId: \"{{vigil.kafka.consumer-group}}-site-outreach\"\n"
                + "        autoOffsetReset: earliest\n"
                + "        # Each message committed once forwarded (last step), one that fails read again, not skipped.\n"
                + "        autoCommitEnable: false\n"
                + "        allowManualCommit: true\n"
                + "        breakOnFirstError: true\n"
                + "      steps:\n"
                + stepsBefore
                + "        - to:\n"
                + "            uri: kafka:{{vigil.kafka.topic-prefix}}site-outreach-" + team + "\n"
                + "        - bean:\n"
                + "            ref: kafkaBatches\n"
                + "            method: commitRecord\n";
    }

    /** A step naming a bean that does not exist. */
    public static final String NO_SUCH_BEAN = "        - bean:\n            ref: noSuchBean\n";

    private SiteConfiguration() {
    }
}
