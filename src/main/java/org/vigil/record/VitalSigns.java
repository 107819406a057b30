package org.vigil.record;

/**
 * Vital signs in canonical units (mm Hg, /min, %, °C). Only what the input carried is set;
 * everything else is {@code null}.
 *
 * @param supplementalOxygen true when the patient breathes supplemental oxygen, false on room air
 */
public record VitalSigns(
        Double systolicMmHg,
        Double diastolicMmHg,
        Double heartRatePerMin,
        Double respiratoryRatePerMin,
        Double spo2Percent,
        Double temperatureCelsius,
        Boolean supplementalOxygen,
        Consciousness consciousness) {

    /** The names of the measured (numeric) vital signs, as records, documents and indices carry them. */
    public static final java.util.List<String> MEASURED = java.util.List.of("systolicMmHg", "diastolicMmHg", "heartRatePerMin",
            "respiratoryRatePerMin", "spo2Percent", "temperatureCelsius");

    public static VitalSigns none() {
        return new VitalSigns(null, null, null, null, null, null, null, null);
    }

    public boolean hasNoValue() {
        return equals(none());
    }
}
