package org.vigil.reload;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.config.KafkaBatches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteDryRunTest {

    private final DefaultCamelContext running = new DefaultCamelContext();
    private final KafkaComponent kafka = new KafkaComponent();
    private RouteDryRun dryRun;

    @BeforeEach
    void start() throws Exception {
        Properties settings = new Properties();
        settings.put("vigil.kafka.topic-prefix", "site.");
        running.getPropertiesComponent().setInitialProperties(settings);
        running.getRegistry().bind("kafkaBatches", new KafkaBatches());
        running.getRegistry().bind("kafka", kafka);
        running.start();
        dryRun = new RouteDryRun(running);
    }

    @AfterEach
    void stop() {
        running.stop();
    }

    private static String route(String steps) {
        return """
                - route:
                    id: outreach
                    from:
                      uri: kafka:{{vigil.kafka.topic-prefix}}emergency
                      parameters:
                        autoCommitEnable: false
                        allowManualCommit: true
                      steps:
                """ + steps + """
                        - to:
                            uri: kafka:{{vigil.kafka.topic-prefix}}outreach
                        - bean:
                            ref: kafkaBatches
                            method: commitRecord
                """;
    }

    private static Map<String, byte[]> samples(String... namesAndBodies) {
        Map<String, byte[]> samples = new TreeMap<>();
        for (int i = 0; i < namesAndBodies.length; i += 2) {
            samples.put(namesAndBodies[i], namesAndBodies[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return samples;
    }

    @Test
    void eachSampleGoesThroughTheRouteAndSaysWhereItWouldHaveGoneWithNothingSent() {
        String filter = """
                        - filter:
                            simple: "${body} contains 'crisis'"
                            steps:
                              - to:
                                  uri: direct:on-call
                """;
        List<String> report = dryRun.run("file:/site/outreach.yaml", route(filter),
                samples("a-crisis.json", "{\"crisis\": true}", "b-routine.json", "{\"routine\": true}"));

        assertThat(report).containsExactly("a-crisis.json -> direct://on-call, kafka://site.outreach", "b-routine.json -> kafka://site.outreach");
        assertThat(running.getRoutes()).as("nothing added to the running context").isEmpty();
        assertThat(kafka.getCamelContext()).as("the running context's components are its own").isSameAs(running);
    }

    @Test
    void aSampleThatFailsRefusesTheFileNamingTheSampleAndTheReason() {
        String fails = """
                        - throwException:
                            exceptionType: java.lang.IllegalStateException
                            message: "no on-call team for ${header.kafka.KEY}"
                """;
        assertThatThrownBy(() -> dryRun.run("file:/site/outreach.yaml", route(fails), samples("bed-7.json", "{}")))
                .isInstanceOf(RefusedChange.class)
                .hasMessage("dry run: sample bed-7.json failed in route outreach: no on-call team for bed-7");
    }

    @Test
    void aFailureTheErrorHandlerTakesAlsoRefusesTheFile() {
        String route = """
                - route:
                    id: outreach
                    errorHandler:
                      deadLetterChannel:
                        deadLetterUri: direct:parked
                    from:
                      uri: direct:in
                      steps:
                        - throwException:
                            exceptionType: java.lang.IllegalArgumentException
                            message: not readable
                """;
        assertThatThrownBy(() -> dryRun.run("file:/site/outreach.yaml", route, samples("x.json", "{}")))
                .hasMessage("dry run: sample x.json failed in route outreach: not readable (its error handler took it)");
    }

    @Test
    void noSamplesNoDryRunAndBatchingRoutesAreNotDryRun() {
        assertThat(dryRun.run("file:/site/outreach.yaml", route(""), Map.of())).isEmpty();
        String batching = route("").replace("allowManualCommit: true", "allowManualCommit: true\n        batching: true");
        assertThat(dryRun.run("file:/site/outreach.yaml", batching, samples("x.json", "{}")))
                .containsExactly("no dry run: route outreach takes Kafka batches, the samples are single messages");
    }
}
