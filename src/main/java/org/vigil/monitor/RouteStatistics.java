package org.vigil.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.springframework.stereotype.Component;

/**
 * Each route's exchanges (total, failed, mean time) from Camel's JMX statistics, the same figures
 * Hawtio shows, with the rate since the previous call (messages per route per second for the
 * dashboard's pipeline panel).
 */
@Component
public class RouteStatistics {

    private record Sample(long total, long nanos) {
    }

    private final CamelContext camel;
    private final Map<String, Sample> previous = new ConcurrentHashMap<>();

    public RouteStatistics(CamelContext camel) {
        this.camel = camel;
    }

    public List<Map<String, Object>> routes() {
        ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        List<Map<String, Object>> routes = new ArrayList<>();
        long now = System.nanoTime();
        for (Route route : camel.getRoutes()) {
            ManagedRouteMBean mbean = managed == null ? null : managed.getManagedRoute(route.getRouteId());
            if (mbean == null) {
                continue;
            }
            long total = mbean.getExchangesTotal();
            Sample before = previous.put(route.getRouteId(), new Sample(total, now));
            double perSecond = before == null || now == before.nanos() ? 0.0 : (total - before.total()) * 1e9 / (now - before.nanos());
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("routeId", route.getRouteId());
            row.put("state", mbean.getState());
            row.put("exchangesTotal", total);
            row.put("exchangesFailed", mbean.getExchangesFailed());
            row.put("perSecond", Math.round(perSecond * 10) / 10.0);
            row.put("meanMillis", mbean.getMeanProcessingTime());
            routes.add(row);
        }
        return routes;
    }
}
