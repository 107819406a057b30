package org.vigil.ingest;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;

/**
 * Publishing the records of one input together: a Kafka batch from the raw topic, an HTTP Bundle
 * or NDJSON body, a CSV body. The input's route opens a batch ({@link #open}), publish-record adds
 * each record to it instead of sending it alone, and the input's route sends them all in one
 * producer call, without waiting for one before sending the next, and waits for all of them to be
 * acknowledged before it answers the sender or commits its offsets. Without an open batch (the
 * watched folders, replays) publish-record sends each record as it comes.
 */
@Component("recordBatches")
public class RecordBatches {

    /** The batch the input's route opens, in {@link Names.Property#PENDING_RECORDS}. */
    public List<Message> open() {
        return new ArrayList<>();
    }

    public boolean isOpen(Exchange exchange) {
        return exchange.getProperty(Names.Property.PENDING_RECORDS) != null;
    }

    /** Adds an input's records ({@code FhirInputs.Read}, read by fhir-input) to the open batch. */
    public void addAll(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Message> pending = exchange.getProperty(Names.Property.PENDING_RECORDS, List.class);
        pending.addAll(exchange.getProperty(Names.Property.FHIR_READ, FhirInputs.Read.class).records());
    }

    /** Adds the record (body: its JSON; header kafka.KEY: its patient) to the open batch. */
    public void add(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Message> pending = exchange.getProperty(Names.Property.PENDING_RECORDS, List.class);
        Message message = new DefaultMessage(exchange.getContext());
        message.setBody(exchange.getMessage().getBody());
        message.setHeader(KafkaConstants.KEY, exchange.getMessage().getHeader(KafkaConstants.KEY));
        pending.add(message);
    }
}
