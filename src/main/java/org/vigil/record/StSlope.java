package org.vigil.record;

/** Slope of the peak exercise ST segment, UCI attribute {@code slope}. */
public enum StSlope {
    UPSLOPING, FLAT, DOWNSLOPING
}
