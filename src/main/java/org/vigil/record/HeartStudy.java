package org.vigil.record;

/**
 * The attributes of the UCI heart-disease study, with UCI's meaning whatever coding the input
 * used. A missing value is {@code null}, never 0.
 *
 * @param restingSystolicBp  {@code trestbps}, mm Hg on admission
 * @param cholesterol        {@code chol}, serum cholesterol mg/dl
 * @param maxHeartRate       {@code thalach}, beats/min achieved in exercise
 * @param stDepression       {@code oldpeak}, ST depression induced by exercise relative to rest
 * @param majorVessels       {@code ca}, 0-3 vessels coloured by fluoroscopy
 * @param diseasePresent     angiographic disease: UCI {@code num > 0}
 * @param diseaseGrade       UCI {@code num} 0-4; {@code null} when the input had only presence (heart.csv)
 */
public record HeartStudy(
        Integer age,
        Sex sex,
        ChestPain chestPain,
        Integer restingSystolicBp,
        Integer cholesterol,
        Boolean fastingBloodSugarOver120,
        RestingEcg restingEcg,
        Integer maxHeartRate,
        Boolean exerciseAngina,
        Double stDepression,
        StSlope stSlope,
        Integer majorVessels,
        Thal thal,
        Boolean diseasePresent,
        Integer diseaseGrade) {
}
