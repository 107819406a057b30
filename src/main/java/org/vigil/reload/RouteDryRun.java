package org.vigil.reload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.BeanRepository;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.URISupport;
import org.springframework.stereotype.Component;

/**
 * A dry run of a changed route file on the sample messages the site keeps beside it (the files of
 * {@code <name>.samples/} next to {@code <name>.yaml}). The file's routes run in a Camel context of
 * their own, never started with the running one: each route's {@code from} becomes a direct
 * endpoint a sample is sent to, and every endpoint a route sends to only records what it would
 * have been sent (nothing reaches Kafka, a store, another route or a caregiver). The beans a route
 * names are the running application's. A sample from a Kafka topic comes with the headers a
 * Kafka consumer gives it (topic, partition, offset, key: the sample's name) and a commit handle
 * that commits nothing. A sample that fails, or that an error handler takes, refuses the file.
 */
@Component
public class RouteDryRun {

    private static final String INPUT = "direct:vigil-dry-run-";

    private final CamelContext camel;

    public RouteDryRun(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * @param samples a sample's file name → its bytes (sent as UTF-8 text)
     * @return per sample, where it would have gone ({@code name -> uri, uri} or {@code name -> nowhere})
     * @throws RefusedChange naming the sample that failed and why
     */
    public List<String> run(String location, String content, Map<String, byte[]> samples) {
        if (samples.isEmpty()) {
            return List.of();
        }
        List<String> sentTo = Collections.synchronizedList(new ArrayList<>());
        DefaultCamelContext dry = context(sentTo);
        try {
            List<RouteDefinition> routes = routes(dry, location, content);
            if (routes.size() != 1) {
                throw new RefusedChange("dry run: the samples beside a file are for one route, the file has " + routes.size()
                        + ": keep one route per file that has samples");
            }
            RouteDefinition route = routes.get(0);
            String from = dry.resolvePropertyPlaceholders(route.getInput().getEndpointUri());
            Map<String, Object> options = URISupport.parseQuery(URISupport.extractQuery(from));
            if ("true".equals(String.valueOf(options.get("batching")))) {
                return List.of("no dry run: route " + route.getRouteId() + " takes Kafka batches, the samples are single messages");
            }
            route.getInput().setUri(INPUT + route.getRouteId());
            dry.addRouteDefinitions(routes);
            dry.start();
            List<String> report = new ArrayList<>();
            ProducerTemplate template = dry.createProducerTemplate();
            for (Map.Entry<String, byte[]> sample : samples.entrySet()) {
                sentTo.clear();
                Exchange exchange = template.send(INPUT + route.getRouteId(), withHeaders(from, sample.getKey(), sample.getValue()));
                Throwable failure = exchange.getException() != null ? exchange.getException()
                        : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
                if (failure != null) {
                    throw new RefusedChange("dry run: sample " + sample.getKey() + " failed in route "
                            + exchange.getProperty(Exchange.FAILURE_ROUTE_ID, route.getRouteId(), String.class) + ": " + RouteFileCheck.rootMessage(failure)
                            + (exchange.getException() == null ? " (its error handler took it)" : ""));
                }
                Set<String> where = new LinkedHashSet<>(sentTo);
                report.add(sample.getKey() + " -> " + (where.isEmpty() ? "nowhere" : String.join(", ", where)));
            }
            return report;
        } catch (RefusedChange e) {
            throw e;
        } catch (Exception e) {
            throw new RefusedChange("dry run: the routes could not be started on their own: " + RouteFileCheck.rootMessage(e));
        } finally {
            dry.stop();
        }
    }

    /** A context with the running one's beans, settings and route configurations, whose endpoints record instead of sending. */
    private DefaultCamelContext context(List<String> sentTo) {
        DefaultCamelContext dry = new DefaultCamelContext(false);
        dry.getCamelContextExtension().setName("vigil-dry-run");
        dry.disableJMX();
        dry.getCamelContextExtension().setRegistry(new DefaultRegistry(List.of(new NamedBeans(camel.getRegistry()))));
        dry.getPropertiesComponent().addPropertiesSource(new PropertiesSource() {
            @Override
            public String getName() {
                return "vigil";
            }

            @Override
            public String getProperty(String name) {
                return camel.getPropertiesComponent().resolveProperty(name).orElse(null);
            }
        });
        dry.getCamelContextExtension().registerEndpointCallback((uri, endpoint) ->
                uri.startsWith("direct://vigil-dry-run-") ? endpoint : new Recording(uri, endpoint, sentTo));
        try {
            dry.addRouteConfigurations(camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteConfigurationDefinitions());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return dry;
    }

    private static List<RouteDefinition> routes(DefaultCamelContext dry, String location, String content) throws Exception {
        List<RouteDefinition> routes = new ArrayList<>();
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(dry).findRoutesBuilders(ResourceHelper.fromString(location, content))) {
            if (builder instanceof RouteBuilder routeBuilder) {
                routes.addAll(routeBuilder.configureRoutes(dry).getRoutes());
            }
        }
        return routes;
    }

    private static Processor withHeaders(String from, String name, byte[] body) {
        return exchange -> {
            exchange.getMessage().setBody(new String(body, StandardCharsets.UTF_8));
            if (from.startsWith("kafka:")) {
                String topic = from.substring("kafka:".length()).split("\\?", 2)[0];
                exchange.getMessage().setHeader(KafkaConstants.TOPIC, topic);
                exchange.getMessage().setHeader(KafkaConstants.PARTITION, 0);
                exchange.getMessage().setHeader(KafkaConstants.OFFSET, 0L);
                exchange.getMessage().setHeader(KafkaConstants.KEY, name.replaceFirst("\\.[^.]*$", ""));
                exchange.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, (KafkaManualCommit) () -> { });
            }
        };
    }

    /**
     * The running application's beans by name, as a route names them; not its components (the
     * context would take them over) and nothing found by type (its own infrastructure).
     */
    private record NamedBeans(BeanRepository live) implements BeanRepository {

        @Override
        public Object lookupByName(String name) {
            Object bean = live.lookupByName(name);
            return bean instanceof org.apache.camel.Component || bean instanceof CamelContext ? null : bean;
        }

        @Override
        public <T> T lookupByNameAndType(String name, Class<T> type) {
            return type.isInstance(lookupByName(name)) ? type.cast(lookupByName(name)) : null;
        }

        @Override
        public <T> Map<String, T> findByTypeWithName(Class<T> type) {
            return Map.of();
        }

        @Override
        public <T> Set<T> findByType(Class<T> type) {
            return Set.of();
        }
    }

    /** An endpoint that keeps the URI a message would have been sent to, and sends nothing. */
    private static final class Recording extends DefaultEndpoint {

        private final List<String> sentTo;

        Recording(String uri, Endpoint original, List<String> sentTo) {
            super(uri, original.getComponent());
            this.sentTo = sentTo;
        }

        @Override
        public Producer createProducer() {
            return new DefaultProducer(this) {
                @Override
                public void process(Exchange exchange) {
                    sentTo.add(URISupport.sanitizeUri(getEndpoint().getEndpointUri()));
                }
            };
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("a dry run does not read from " + getEndpointUri());
        }
    }
}
