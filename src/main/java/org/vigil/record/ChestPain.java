package org.vigil.record;

/** Chest pain type, UCI attribute {@code cp}. */
public enum ChestPain {
    TYPICAL_ANGINA, ATYPICAL_ANGINA, NON_ANGINAL_PAIN, ASYMPTOMATIC
}
