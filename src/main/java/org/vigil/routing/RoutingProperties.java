package org.vigil.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Routing settings ({@code vigil.routing.*}). Where records go is the specialties' business
 * ({@code vigil.specialties}, see {@link org.vigil.config.Specialties}).
 *
 * @param riskThreshold the fact {@code risk-high}: the model's probability of disease above this
 * @param pseudonymKey  the key of the pseudonyms that pseudonymising specialties carry instead of patient ids
 */
@ConfigurationProperties(prefix = "vigil.routing")
public record RoutingProperties(double riskThreshold, String pseudonymKey) {
}
