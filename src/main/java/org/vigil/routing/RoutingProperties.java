package org.vigil.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Routing settings ({@code vigil.routing.*}). Where records go is the specialties' business
 * ({@code vigil.specialties}, see {@link org.vigil.config.Specialties}).
 *
 * @param riskThreshold the fact {@code risk-high}: the model's probability of disease above this
 * @param pseudonymKey      the key of the pseudonyms that pseudonymising specialties carry instead of patient
 *                          and record ids, and of their date shifts; no default (VIGIL_PSEUDONYM_KEY)
 * @param dateShiftMaxDays  a shifted date moves by at most this many days, back or forth
 */
@ConfigurationProperties(prefix = "vigil.routing")
public record RoutingProperties(double riskThreshold, String pseudonymKey, int dateShiftMaxDays) {
}
