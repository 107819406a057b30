package org.vigil.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.vigil.contract.Names;
import org.vigil.contract.Refusal;
import org.vigil.record.ClinicalRecord;
import org.vigil.testsupport.Fhir;
import org.vigil.testsupport.RecordJson;
import org.vigil.testsupport.ShippedConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** A raw-topic batch read in one call: the same records, dead letters and not-used counts as one message at a time. */
class RawFhirBatchesTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RawFhirBatches batches = new RawFhirBatches(new InputChecks(1_000_000), new FhirInputs(Fhir.entries(),
            Fhir.observations(), new NotUsedInputs(meters), RecordJson.MAPPER, camel, ShippedConfiguration.vigil()));

    @Test
    void eachMessageAndEachEntryEndsAcceptedRefusedOrNotUsed() throws Exception {
        String heartRate = Files.readString(Path.of("src/test/resources/fhir/heart-rate.json"));
        String noStatus = "{\"resourceType\":\"Observation\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8867-4\"}]}}";
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
                + "{\"resource\":" + Files.readString(Path.of("src/test/resources/fhir/respiratory-rate.json")) + "},"
                + "{\"resource\":" + noStatus + "},"
                + "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p1\"}}]}";
        byte[] latin1 = "{\"resourceType\":\"Observation\",\"note\":\"Müller\"}".getBytes(StandardCharsets.ISO_8859_1);

        RawFhirBatches.RawBatch batch = batches.read(List.of(
                message(heartRate.getBytes(StandardCharsets.UTF_8), 10, "Patient/example"),
                message(latin1, 11, "Patient/x"),
                message(bundle.getBytes(StandardCharsets.UTF_8), 12, null)));

        assertThat(batch.entries()).as("one entry for the Observation, three for the Bundle; none for the unreadable message").isEqualTo(4);
        assertThat(batch.records()).hasSize(2);
        ClinicalRecord first = RecordJson.MAPPER.readValue(batch.records().get(0).getBody(String.class), ClinicalRecord.class);
        assertThat(first.source()).isEqualTo("kafka:vigil.raw:2:10");
        assertThat(first.vitals().heartRatePerMin()).isNotNull();
        assertThat(batch.records().get(0).getHeader(KafkaConstants.KEY)).isEqualTo(first.partitionKey());
        ClinicalRecord second = RecordJson.MAPPER.readValue(batch.records().get(1).getBody(String.class), ClinicalRecord.class);
        assertThat(second.source()).isEqualTo("kafka:vigil.raw:2:12/entry/0");

        assertThat(batch.refusals()).extracting(Refusal::source)
                .containsExactly("kafka:vigil.raw:2:11", "kafka:vigil.raw:2:12/entry/1");
        Refusal whole = batch.refusals().get(0);
        assertThat(whole.value()).as("the message's bytes as they arrived").isEqualTo(latin1);
        assertThat(whole.reason()).hasMessageContaining("not valid UTF-8");
        assertThat(whole.topic()).isEqualTo("vigil.raw");
        assertThat(whole.key()).isEqualTo("Patient/x");
        assertThat(whole.route()).isEqualTo(Names.Route.KAFKA_RAW_INGEST);
        Refusal entry = batch.refusals().get(1);
        assertThat(new String(entry.value(), StandardCharsets.UTF_8)).as("the entry's resource as it was sent").isEqualTo(noStatus);
        assertThat(entry.reason()).hasMessage("Observation has no status");

        assertThat(meters.get(Names.Counter.NOT_USED).tag("kind", "Patient").counter().count()).isEqualTo(1.0);
    }

    private Exchange message(byte[] value, long offset, String key) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(value);
        exchange.getMessage().setHeader(KafkaConstants.TOPIC, "vigil.raw");
        exchange.getMessage().setHeader(KafkaConstants.PARTITION, 2);
        exchange.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        exchange.getMessage().setHeader(KafkaConstants.KEY, key);
        return exchange;
    }
}
