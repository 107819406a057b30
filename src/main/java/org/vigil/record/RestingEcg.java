package org.vigil.record;

/** Resting electrocardiographic result, UCI attribute {@code restecg}. */
public enum RestingEcg {
    NORMAL, ST_T_WAVE_ABNORMALITY, LEFT_VENTRICULAR_HYPERTROPHY
}
