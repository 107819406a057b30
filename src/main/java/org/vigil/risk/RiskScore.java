package org.vigil.risk;

import java.util.List;

/**
 * The risk model's probability of coronary disease for one record, the model version that gave
 * it, and which optional features were absent and so imputed.
 */
public record RiskScore(double probability, String modelVersion, List<String> imputed) {
}
