package org.vigil.event;

/**
 * The event fields that stages after classification name in queries, mappings and updates: the
 * stores (a retraction's marks, document ids, time-based indices), the Elasticsearch mapping and
 * the dashboard's queries. Each is a path of {@link ClassifiedRecord}'s JSON, and a test fails when
 * one is not ({@code ContractSchemasTest}), so renaming a field of the event cannot leave a query
 * asking for a field nobody writes.
 */
public final class EventFields {

    public static final String RECORD_ID = "recordId";
    public static final String SOURCE = "source";
    public static final String PATIENT_ID = "patientId";
    public static final String DEVICE = "device";
    public static final String EFFECTIVE_TIME = "effectiveTime";
    public static final String STATUS = "status";
    public static final String VITALS = "vitals";
    public static final String SYSTOLIC = "vitals.systolicMmHg";
    public static final String DIASTOLIC = "vitals.diastolicMmHg";
    public static final String BODY = "body";
    public static final String LOCATION = "location";
    public static final String WARD = "location.ward";
    public static final String TRANSLATED_FROM = "translatedFrom";
    public static final String WARNINGS = "warnings";
    public static final String EXTRA = "extra";
    public static final String ALARM = "alarm";
    public static final String ABSENT_AS_SENT = "absentAsSent";
    public static final String FINDINGS = "findings";
    public static final String ANOMALIES = "anomalies";
    public static final String ANOMALY_REASONS = "anomalyReasons";
    public static final String NEWS2 = "news2";
    public static final String NEWS2_TOTAL = "news2.total";
    public static final String NEWS2_BAND = "news2.band";
    public static final String RISK = "risk";
    public static final String SPECIALTIES = "specialties";
    public static final String RETRACTED = "retracted";
    public static final String RETRACTED_BY = "retractedBy";

    private EventFields() {
    }
}
