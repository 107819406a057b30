package org.vigil.reload;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.EndpointRequiredDefinition;
import org.apache.camel.model.ExpressionNode;
import org.apache.camel.model.Model;
import org.apache.camel.model.MulticastDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SplitDefinition;
import org.apache.camel.model.language.MethodCallExpression;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Checks a route file before it is swapped in, against the running Camel context, without adding
 * anything to it: the YAML parses and holds only routes (route configurations apply when routes are
 * created: changing them needs a restart), every route has an id of its own (the id is what a new
 * version replaces) that no other file's route has, every endpoint's {@code {{placeholders}}}
 * resolve and the endpoint can be made (its component exists, its options are known), every bean
 * a step, an expression or an aggregation names exists, and every route configuration a route
 * names exists.
 */
@Component
public class RouteFileCheck {

    private final CamelContext camel;

    public RouteFileCheck(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * @param location the file's location as its routes carry it ({@code file:/...})
     * @param owners   the locations whose routes this file may replace (its own, and the bundled file
     *                 of the same name it overrides)
     * @return the ids of the file's routes
     * @throws RefusedChange saying what is wrong
     */
    public Set<String> check(String location, String content, Set<String> owners) {
        topLevelRoutesOnly(content);
        List<RouteDefinition> routes = parse(location, content);
        Set<String> ids = new LinkedHashSet<>();
        for (RouteDefinition route : routes) {
            if (!route.hasCustomIdAssigned()) {
                throw new RefusedChange("a route without an id (" + route.getInput().getEndpointUri()
                        + "): give every route an id, it is what a later version replaces");
            }
            String id = route.getRouteId();
            if (!ids.add(id)) {
                throw new RefusedChange("two routes are named " + id);
            }
            Route running = camel.getRoute(id);
            if (running != null && running.getSourceResource() != null && !owners.contains(running.getSourceResource().getLocation())) {
                throw new RefusedChange("route id " + id + " is already the route of " + running.getSourceResource().getLocation());
            }
            checkRouteConfigurations(route);
            checkEndpoint(id, route.getInput().getEndpointUri());
            checkOutputs(id, route.getOutputs());
        }
        if (ids.isEmpty()) {
            throw new RefusedChange("no route in the file");
        }
        return ids;
    }

    private static void topLevelRoutesOnly(String content) {
        Object document;
        try {
            document = new Yaml().load(content);
        } catch (YAMLException e) {
            throw new RefusedChange("not valid YAML: " + e.getMessage());
        }
        if (!(document instanceof List<?> entries)) {
            throw new RefusedChange("a route file is a YAML list of '- route:' entries");
        }
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> map) || !map.keySet().equals(Set.of("route"))) {
                Object kind = entry instanceof Map<?, ?> map ? map.keySet() : entry;
                throw new RefusedChange("only '- route:' entries can change while Vigil runs, not " + kind
                        + (String.valueOf(kind).contains("routeConfiguration") ? " (route configurations: restart Vigil)" : ""));
            }
        }
    }

    private List<RouteDefinition> parse(String location, String content) {
        try {
            List<RouteDefinition> routes = new ArrayList<>();
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(ResourceHelper.fromString(location, content))) {
                if (builder instanceof RouteBuilder routeBuilder) {
                    routes.addAll(routeBuilder.configureRoutes(camel).getRoutes());
                }
            }
            return routes;
        } catch (Exception e) {
            throw new RefusedChange("Camel cannot read the routes: " + rootMessage(e));
        }
    }

    private void checkRouteConfigurations(RouteDefinition route) {
        String named = route.getRouteConfigurationId();
        if (named == null || named.isBlank()) {
            return;
        }
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        for (String id : named.split(",")) {
            if (model.getRouteConfigurationDefinition(id.trim()) == null) {
                throw new RefusedChange("route " + route.getRouteId() + " names the route configuration " + id.trim() + ", which does not exist");
            }
        }
    }

    private void checkOutputs(String routeId, List<ProcessorDefinition<?>> outputs) {
        for (EndpointRequiredDefinition step : ProcessorDefinitionHelper.filterTypeInOutputs(outputs, EndpointRequiredDefinition.class)) {
            checkEndpoint(routeId, step.getEndpointUri());
        }
        for (BeanDefinition bean : ProcessorDefinitionHelper.filterTypeInOutputs(outputs, BeanDefinition.class)) {
            checkBean(routeId, bean.getRef());
        }
        for (ExpressionNode node : ProcessorDefinitionHelper.filterTypeInOutputs(outputs, ExpressionNode.class)) {
            if (node.getExpression() instanceof MethodCallExpression method) {
                checkBean(routeId, method.getRef());
            }
        }
        for (MulticastDefinition multicast : ProcessorDefinitionHelper.filterTypeInOutputs(outputs, MulticastDefinition.class)) {
            checkBean(routeId, multicast.getAggregationStrategy());
        }
        for (SplitDefinition split : ProcessorDefinitionHelper.filterTypeInOutputs(outputs, SplitDefinition.class)) {
            checkBean(routeId, split.getAggregationStrategy());
        }
    }

    private void checkEndpoint(String routeId, String uri) {
        if (uri == null || uri.contains("${")) {
            return; // a dynamic endpoint (toD) is only known per message
        }
        String resolved;
        try {
            resolved = camel.resolvePropertyPlaceholders(uri);
        } catch (RuntimeException e) {
            throw new RefusedChange("route " + routeId + ": " + uri + ": " + rootMessage(e));
        }
        try {
            if (camel.getEndpoint(resolved) == null) {
                throw new RefusedChange("route " + routeId + ": no component for " + resolved);
            }
        } catch (RefusedChange e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RefusedChange("route " + routeId + ": " + resolved + ": " + rootMessage(e));
        }
    }

    private void checkBean(String routeId, String ref) {
        if (ref == null || ref.isBlank()) {
            return;
        }
        String name = ref.startsWith("#bean:") ? ref.substring(6) : ref.startsWith("#") ? ref.substring(1) : ref;
        if (name.startsWith("class:") || name.startsWith("type:")) {
            return;
        }
        if (camel.getRegistry().lookupByName(name) == null) {
            throw new RefusedChange("route " + routeId + " names the bean " + name + ", which does not exist");
        }
    }

    /** The message of what lies at the bottom of {@code e} (its class name when it has none). */
    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
