package org.vigil.simulator;

/** A deterioration a simulated patient can go through, as shifts from their own baseline. */
public enum Episode {
    NONE(0, 0, 0, 0, 0, 0),
    HYPOTENSION(-45, -25, 25, 4, -1, 0),
    FEVER(5, 0, 22, 6, -1, 2.1),
    TACHYCARDIA(5, 5, 55, 4, 0, 0),
    DESATURATION(0, 0, 15, 10, -11, 0),
    HYPERTENSIVE_CRISIS(70, 42, 10, 2, 0, 0),
    /** Early sepsis: falling pressure, tachycardia, tachypnoea, desaturation and fever together. */
    SEPSIS(-30, -18, 45, 9, -4, 2.3);

    final double systolic;
    final double diastolic;
    final double heartRate;
    final double respiratoryRate;
    final double spo2;
    final double temperature;

    Episode(double systolic, double diastolic, double heartRate, double respiratoryRate, double spo2, double temperature) {
        this.systolic = systolic;
        this.diastolic = diastolic;
        this.heartRate = heartRate;
        this.respiratoryRate = respiratoryRate;
        this.spo2 = spo2;
        this.temperature = temperature;
    }
}
