package org.vigil.clinical;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Thresholds of the single-value clinical rules ({@code vigil.clinical.*} in application.yaml), so
 * a clinical lead can change them without a rebuild. Defaults: ESC/ESH 2018 and ACC/AHA 2017 for
 * blood pressure; the others as the seeds used them.
 */
@ConfigurationProperties(prefix = "vigil.clinical")
public record ClinicalThresholds(
        /* hypertension when systolic >= this or diastolic >= hypertensionDiastolic */
        double hypertensionSystolic,
        double hypertensionDiastolic,
        /* crisis when systolic > this or diastolic > crisisDiastolic */
        double crisisSystolic,
        double crisisDiastolic,
        /* hypotension when systolic < this or diastolic < hypotensionDiastolic */
        double hypotensionSystolic,
        double hypotensionDiastolic,
        /* fever when temperature > this (°C) */
        double feverCelsius,
        /* hypercholesterolaemia when cholesterol > this (mg/dl) */
        double cholesterolMgDl,
        /* lowest acceptable maximum heart rate; the highest is 220 - age (226 - age for women) */
        double maxHeartRateLow) {

    public static ClinicalThresholds defaults() {
        return new ClinicalThresholds(140, 90, 180, 120, 90, 60, 38.0, 200, 60);
    }
}
