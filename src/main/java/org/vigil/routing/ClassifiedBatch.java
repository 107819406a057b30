package org.vigil.routing;

import java.util.List;

import org.apache.camel.Message;
import org.vigil.clinical.PatientVitalsWindow;
import org.vigil.contract.Refusal;

/**
 * What classification made of one Kafka batch of records.
 *
 * @param messages  for every record, its message on the classified topic and one per specialty
 *                  the router chose (each with its topic and key as Kafka headers), ready to be
 *                  published together
 * @param refusals  the records that could not be classified, for the dead letter
 * @param state     what the batch changed in its patients' NEWS2 state, durable once saved
 *                  (after the messages are published, before the offsets are committed)
 */
public record ClassifiedBatch(List<Message> messages, List<Refusal> refusals, PatientVitalsWindow.Assessed state) {
}
