package org.vigil.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.contract.Names;

/**
 * Answers HTTP senders the way a FHIR server would: 201 with an OperationOutcome for an accepted
 * Observation, a batch-response Bundle with one status per entry for Bundles and NDJSON, and
 * 400 / 413 / 422 with an OperationOutcome that says what is wrong. CSV senders get counts.
 */
@Component("httpResponses")
public class HttpResponses {

    private static final String FHIR_JSON = "application/fhir+json";

    private final FhirContext fhir;
    private final ObjectMapper json;
    private final int retryAfterSeconds;

    public HttpResponses(FhirContext fhir, ObjectMapper json, @Value("${vigil.ingest.retry-after-seconds:10}") int retryAfterSeconds) {
        this.fhir = fhir;
        this.json = json;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The answer to a request that failed as a whole, in the sender's format. */
    public void rejected(Exchange exchange) throws JsonProcessingException {
        if (isCsv(exchange.getMessage())) {
            csv(exchange);
        } else {
            fhir(exchange);
        }
    }

    /**
     * 503 with Retry-After: Kafka cannot take the records now. Nothing was dead-lettered; the sender
     * keeps its input and sends it again (see KafkaUnavailable).
     */
    public void unavailable(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        String reason = "Vigil cannot store this input now (Kafka does not take records); nothing of it is answered as taken. "
                + "Send it again in " + retryAfterSeconds + " s, with the same X-Request-ID: what was taken already is not doubled.";
        if (isCsv(message)) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("accepted", 0);
            answer.put("reason", reason);
            respond(message, 503, "application/json", json.writeValueAsString(answer));
        } else {
            OperationOutcome outcome = new OperationOutcome();
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.TRANSIENT).setDiagnostics(reason);
            respond(message, 503, FHIR_JSON, encode(outcome));
        }
        message.setHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    /** Whether the request came to the CSV endpoint (answered in JSON) rather than a FHIR one. */
    private static boolean isCsv(Message message) {
        return (message.getHeader(Exchange.HTTP_PATH, "", String.class) + message.getHeader(Exchange.HTTP_URI, "", String.class))
                .contains("/ingest/csv");
    }

    public void fhir(Exchange exchange) {
        Message message = exchange.getMessage();
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure != null) {
            IngestOutcome outcome = IngestOutcomes.outcomeOf(exchange);
            respond(message, statusOf(failure), FHIR_JSON, encode(operationOutcome(outcome)));
            return;
        }
        @SuppressWarnings("unchecked")
        List<IngestOutcome> outcomes = message.getBody(List.class);
        String bundleType = exchange.getProperty(Names.Property.BUNDLE_TYPE, String.class);
        if (bundleType == null && outcomes.size() == 1) {
            IngestOutcome only = outcomes.get(0);
            int status = only.isAccepted() ? 201 : only.isNotUsed() ? 200 : (only.badRequest() ? 400 : 422);
            respond(message, status, FHIR_JSON, encode(operationOutcome(only)));
            return;
        }
        Bundle response = new Bundle();
        response.setType("transaction".equals(bundleType)
                ? Bundle.BundleType.TRANSACTIONRESPONSE : Bundle.BundleType.BATCHRESPONSE);
        for (IngestOutcome outcome : outcomes) {
            Bundle.BundleEntryResponseComponent entry = response.addEntry().getResponse();
            entry.setStatus(outcome.isAccepted() ? "201 Created" : outcome.isNotUsed() ? "200 OK"
                    : outcome.badRequest() ? "400 Bad Request" : "422 Unprocessable Entity");
            entry.setOutcome(operationOutcome(outcome));
        }
        respond(message, 200, FHIR_JSON, encode(response));
    }

    public void csv(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        Map<String, Object> answer = new LinkedHashMap<>();
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure != null) {
            answer.put("accepted", 0);
            answer.put("rejected", 1);
            answer.put("reason", IngestOutcomes.reasonOf(failure));
            respond(message, statusOf(failure), "application/json", json.writeValueAsString(answer));
            return;
        }
        @SuppressWarnings("unchecked")
        List<IngestOutcome> outcomes = message.getBody(List.class);
        List<Map<String, Object>> rejections = outcomes.stream().filter(IngestOutcome::isRefused)
                .map(o -> Map.<String, Object>of("source", String.valueOf(o.source()), "reason", o.rejection()))
                .toList();
        answer.put("accepted", outcomes.stream().filter(IngestOutcome::isAccepted).count());
        answer.put("rejected", rejections.size());
        answer.put("rejections", rejections);
        respond(message, 200, "application/json", json.writeValueAsString(answer));
    }

    private static int statusOf(Throwable failure) {
        if (failure instanceof PayloadTooLargeException) {
            return 413;
        }
        if (IngestOutcomes.isParseError(failure)) {
            return 400;
        }
        return failure instanceof InvalidRecordException ? 422 : 500;
    }

    private static OperationOutcome operationOutcome(IngestOutcome outcome) {
        OperationOutcome result = new OperationOutcome();
        OperationOutcome.OperationOutcomeIssueComponent issue = result.addIssue();
        if (outcome.isAccepted()) {
            issue.setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.INFORMATIONAL)
                    .setDiagnostics("accepted as record " + outcome.recordId());
            // How it was read, so a sender sees which of its codes and units were translated.
            outcome.notes().forEach(note -> result.addIssue().setSeverity(note.startsWith("not read")
                            ? OperationOutcome.IssueSeverity.WARNING : OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics(note));
        } else if (outcome.isNotUsed()) {
            issue.setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.INFORMATIONAL)
                    .setDiagnostics("not used: " + outcome.notUsed());
        } else {
            issue.setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(outcome.badRequest() ? OperationOutcome.IssueType.STRUCTURE : OperationOutcome.IssueType.INVALID)
                    .setDiagnostics(outcome.rejection());
        }
        return result;
    }

    private String encode(org.hl7.fhir.instance.model.api.IBaseResource resource) {
        return fhir.newJsonParser().encodeResourceToString(resource);
    }

    private static void respond(Message message, int status, String contentType, Object body) {
        String source = message.getExchange().getProperty(Names.Property.SOURCE, String.class);
        // Internal headers (Kafka metadata, dead-letter labels) are not the caller's business.
        message.removeHeaders("*");
        if (source != null && source.startsWith("http:")) {
            message.setHeader(Names.Header.REQUEST_ID, source.substring("http:".length()));
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body);
    }
}
