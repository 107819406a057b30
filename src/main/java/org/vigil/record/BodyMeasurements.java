package org.vigil.record;

/**
 * Body measurements that come with vital signs (FHIR body weight 29463-7, body height 8302-2,
 * BMI 39156-5), in canonical units. They score nothing but belong to the patient's record.
 */
public record BodyMeasurements(Double weightKg, Double heightCm, Double bmiKgPerM2) {
}
