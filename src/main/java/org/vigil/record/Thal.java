package org.vigil.record;

/** Thallium stress test result, UCI attribute {@code thal}. */
public enum Thal {
    NORMAL, FIXED_DEFECT, REVERSIBLE_DEFECT
}
