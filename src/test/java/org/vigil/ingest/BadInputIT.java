package org.vigil.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.vigil.contract.Names;
import org.vigil.testsupport.TestCredentials;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Distinct kinds of bad input, sent over HTTP as hospital systems and gateways really get them
 * wrong. Each must be answered with its own reason, land in the dead-letter topic with that
 * reason (whole inputs with their original bytes), and leave the routes running.
 */
@VigilIntegrationTest("badin")
class BadInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FHIR = "application/fhir+json";
    private static final String KAGGLE_HEADER = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,target";
    private static final String GOOD_ROW = "52,1,0,125,212,0,1,168,0,1,2,2,3,0";

    @LocalServerPort
    int port;
    @Value("${vigil.kafka.topics.deadletter}")
    String deadLetterTopic;

    record Case(String id, String path, String contentType, byte[] body, int status, String reason) {
    }

    private static final List<Case> CASES = new ArrayList<>();
    private static String heartRate;
    private static String bloodPressure;

    @BeforeAll
    static void cases() throws IOException {
        heartRate = Files.readString(Path.of("src/test/resources/fhir/heart-rate.json"));
        bloodPressure = Files.readString(Path.of("src/test/resources/fhir/blood-pressure.json"));

        // Whole request unusable: 400 (cannot be parsed), 413 (too large), 422 (parsed but refused).
        fhir("truncated-json", "{\"resourceType\":\"Observation\",\"status\":\"fin", 400, "Unexpected end-of-input");
        fhir("not-json", "systolic=120&diastolic=80", 400, "not JSON: Unrecognized token 'systolic'");
        fhir("json-array", "[" + heartRate + "]", 400, "not a JSON object");
        fhir("unknown-resource-type", "{\"resourceType\":\"VitalSign\"}", 400, "Unknown resource name");
        fhir("no-resource-type", "{\"status\":\"final\"}", 400, "the JSON object has no resourceType");
        fhir("unreadable-value", edit(heartRate, o -> ((ObjectNode) o.get("valueQuantity")).put("value", "forty-four")), 400,
                "Observation element Vigil reads is unreadable: invalid value 'forty-four'");
        fhir("invalid-date", edit(heartRate, o -> o.put("effectiveDateTime", "yesterday")), 400, "Invalid date/time format");
        fhir("missing-subject", edit(heartRate, o -> o.remove("subject")), 422, "Observation has no subject reference");
        fhir("missing-status", edit(heartRate, o -> o.remove("status")), 422, "Observation has no status");
        fhir("missing-code", edit(heartRate, o -> o.remove("code")), 422, "vital-sign Observation coded nothing (no coding, no text)");
        fhir("non-loinc-code", coded(heartRate, "http://snomed.info/sct", "364075005"), 422,
                "coded http://snomed.info/sct|364075005 has no LOINC code Vigil reads and no ConceptMap translates it");
        fhir("missing-effective-time", edit(heartRate, o -> o.remove("effectiveDateTime")), 422, "Observation has no effective time");
        fhir("no-value-no-reason", edit(heartRate, o -> o.remove("valueQuantity")), 422, "has neither a value nor a dataAbsentReason");
        fhir("value-and-absent-reason", edit(heartRate, o -> o.putObject("dataAbsentReason").put("text", "asleep")), 422,
                "has both a value and a dataAbsentReason");
        fhir("string-value", edit(heartRate, o -> {
            o.remove("valueQuantity");
            o.put("valueString", "44 bpm");
        }), 422, "has a value of type string, expected Quantity");
        fhir("quantity-without-number", edit(heartRate, o -> ((ObjectNode) o.get("valueQuantity")).remove("value")), 422,
                "has a Quantity without a number");
        fhir("non-ucum-unit-system", heartRate.replace("http://unitsofmeasure.org", "http://example.org/units"), 422,
                "has unit '/min' (system http://example.org/units)");
        fhir("unknown-unit", heartRate.replace("\"code\": \"/min\"", "\"code\": \"Hz\""), 422, "8867-4 has unit 'Hz' (system http://unitsofmeasure.org)");
        fhir("component-in-kpa", bloodPressure.replaceFirst("\"code\": \"mm\\[Hg\\]\"", "\"code\": \"kPa\""), 422,
                "component 8480-6 has unit 'kPa' (system http://unitsofmeasure.org), expected UCUM mm[Hg]");
        fhir("negative-pressure", bloodPressure.replace("\"value\": 107", "\"value\": -107"), 422,
                "8480-6 value -107 mm[Hg] is outside the physiologic range");
        fhir("diastolic-above-systolic", bloodPressure.replace("\"value\": 60", "\"value\": 130"), 422,
                "diastolic 130 mm[Hg] is not below systolic 107 mm[Hg]");
        fhir("panel-without-components", edit(bloodPressure, o -> o.remove("component")), 422,
                "blood pressure panel has no systolic (8480-6) or diastolic (8462-4) component");
        fhir("heart-rate-impossible", heartRate.replace("\"value\": 44", "\"value\": 900"), 422,
                "8867-4 value 900 /min is outside the physiologic range");
        fhir("temperature-out-of-range", Files.readString(Path.of("src/test/resources/fhir/body-temperature.json"))
                .replace("\"value\": 36.5", "\"value\": 51"), 422, "8310-5 value 51 Cel is outside");
        fhir("spo2-over-100", Files.readString(Path.of("src/test/resources/fhir/oxygen-saturation.json"))
                .replace("\"value\": 95", "\"value\": 101"), 422, "2708-6 value 101 % is outside");
        raw("empty-body", "/fhir/Observation", FHIR, new byte[0], 422, "input is empty");
        raw("byte-order-mark", "/fhir/Observation", FHIR, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                heartRate.getBytes(StandardCharsets.UTF_8)), 422, "UTF-8 byte-order mark");
        raw("utf-16", "/fhir/Observation", FHIR, heartRate.getBytes(StandardCharsets.UTF_16), 422, "input is UTF-16");
        raw("latin-1", "/fhir/Observation", FHIR, heartRate.replace("\"Heart rate\"", "\"Fréquence cardiaque\"")
                .getBytes(StandardCharsets.ISO_8859_1), 422, "input is not valid UTF-8: byte 0xE9");
        raw("nul-byte", "/fhir/Observation", FHIR, heartRate.replace("final", "fi\u0000nal").getBytes(StandardCharsets.UTF_8), 422,
                "NUL byte");
        byte[] fiftyMegabytes = new byte[50 * 1024 * 1024];
        Arrays.fill(fiftyMegabytes, (byte) ' ');
        raw("fifty-megabytes", "/fhir/Observation", FHIR, fiftyMegabytes, 413, "the limit is 10485760");

        // Bundles: the bad entry is refused alone (per-entry 422 in a 200 batch-response).
        raw("bundle-without-type", "/fhir", FHIR, bundle(null, heartRate), 422, "Bundle has no type");
        raw("bundle-without-entries", "/fhir", FHIR, "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}".getBytes(StandardCharsets.UTF_8),
                422, "Bundle has no entries");
        raw("bundle-bad-entry", "/fhir", FHIR, bundle("batch", heartRate, heartRate.replace("\"heart-rate\"", "\"hr-2\"")
                .replace("\"value\": 44", "\"value\": 4")), 200, "8867-4 value 4 /min is outside");
        raw("bundle-entry-without-resource", "/fhir", FHIR, ("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"fullUrl\":"
                + "\"urn:uuid:1\"}]}").getBytes(StandardCharsets.UTF_8), 200, "Bundle entry has no resource");
        raw("ndjson-broken-line", "/fhir", "application/fhir+ndjson", (compact(heartRate) + "\n{\"resourceType\":\"Observation\" \"status\":1}\n")
                .getBytes(StandardCharsets.UTF_8), 200, "was expecting comma to separate Object entries");
        // "{{" without "}}" once made the line nothing (no answer, no dead letter): Camel's Simple language resolved the line's text.
        raw("ndjson-line-with-open-braces", "/fhir", "application/fhir+ndjson", (compact(heartRate) + "\n{\"resourceType\":\"Observation\",\"a\":{{b}\n")
                .getBytes(StandardCharsets.UTF_8), 200, "was expecting double-quote to start field name");
        fhir("local-code-no-concept-map", coded(heartRate, "http://hospital.example/codes", "HF"), 422,
                "coded http://hospital.example/codes|HF");

        // Limits (vigil.ingest.limits): the whole input refused with the limit named.
        fhir("json-too-deep", "{\"resourceType\":\"Observation\",\"note\":" + "[".repeat(100) + "]".repeat(100) + "}", 413,
                "JSON is nested deeper than 64 levels");
        raw("bundle-too-many-entries", "/fhir", FHIR, ("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                + String.join(",", java.util.Collections.nCopies(10_001, "{}")) + "]}").getBytes(StandardCharsets.UTF_8), 413,
                "Bundle has 10001 entries; the limit is 10000");
        raw("ndjson-too-many-lines", "/fhir", "application/fhir+ndjson", "{}\n".repeat(100_001).getBytes(StandardCharsets.UTF_8), 413,
                "NDJSON has 100001 lines; the limit is 100000");
        // XML is not read anywhere (FHIR as JSON, HL7 v2 as ER7): an external entity has nothing to resolve it.
        fhir("xml-external-entity", "<?xml version=\"1.0\"?><!DOCTYPE o [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Observation xmlns=\"http://hl7.org/fhir\"><status value=\"&x;\"/></Observation>", 400, "not JSON: Unexpected character ('<'");

        // CSV: the coding must be known; rows that do not fit are refused one by one.
        csv("csv-no-coding-no-header", "", GOOD_ROW, 422, "CSV coding not stated");
        csv("csv-unknown-coding", "?coding=cleveland", GOOD_ROW, 422, "CSV coding 'cleveland' is unknown");
        csv("csv-coding-contradicts-header", "?coding=uci", KAGGLE_HEADER + "\n" + GOOD_ROW, 422,
                "CSV coding stated as uci but the header row is that of kaggle");
        csv("csv-unknown-header", "", "age,gender,pain\n52,M,none", 422, "lacks the column(s) sex,cp,trestbps");
        csv("csv-wrong-column-count", "", KAGGLE_HEADER + "\n53,1,0,140,203,1,0,155", 200, "row has 8 columns, expected 14");
        csv("csv-text-in-number", "", KAGGLE_HEADER + "\n52,1,0,high,212,0,1,168,0,1,2,2,3,0", 200, "column 'trestbps' is 'high'");
        csv("csv-code-outside-coding", "?coding=uci", "63,1,9,145,233,1,2,150,0,2.3,3,0,6,0", 200,
                "column 'cp' has code 9, expected one of [1, 2, 3, 4]");
        csv("csv-empty-field", "", KAGGLE_HEADER + "\n52,1,0,125,,0,1,168,0,1,2,2,3,0", 200, "column 'chol' is empty");
        csv("csv-line-too-long", "", KAGGLE_HEADER + "\n52,1,0,125,212,0,1,168,0,1,2,2,3," + "0".repeat(5000), 200,
                "CSV line of 5034 characters; the limit is 4096");
    }

    @Test
    void everyKindOfBadInputIsRefusedWithItsOwnReasonAndDeadLettered() throws Exception {
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(30);

        HttpClient client = HttpClient.newHttpClient();
        Map<String, String> failures = new LinkedHashMap<>();
        for (Case c : CASES) {
            HttpResponse<String> response = client.send(TestCredentials.asGateway(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + c.path())))
                    .header("Content-Type", c.contentType())
                    .header("X-Request-ID", c.id())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()))
                    .timeout(Duration.ofSeconds(60))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != c.status() || !response.body().contains(c.reason())) {
                failures.put(c.id(), response.statusCode() + " " + response.body());
            }
            assertThat(response.headers().firstValue("X-Request-ID")).as(c.id()).contains(c.id());
        }
        assertThat(failures).as("cases answered with another status or reason").isEmpty();
        assertThat(CASES.stream().map(Case::reason).distinct()).as("each kind has its own reason").hasSize(CASES.size());

        List<ConsumerRecord<String, byte[]>> deadLetters = TopicReader.read(deadLetterTopic, CASES.size(), Duration.ofSeconds(60));
        for (Case c : CASES) {
            List<ConsumerRecord<String, byte[]>> mine = deadLetters.stream()
                    .filter(r -> String.valueOf(TopicReader.header(r, Names.Header.SOURCE)).startsWith("http:" + c.id()))
                    .toList();
            assertThat(mine).as("dead letters of " + c.id()).hasSize(1);
            assertThat(TopicReader.header(mine.get(0), Names.Header.ERROR_MESSAGE)).as(c.id()).contains(c.reason());
        }

        // Whole inputs are dead-lettered byte for byte, even when they are not valid UTF-8.
        assertThat(deadLetterOf(deadLetters, "latin-1").value()).isEqualTo(caseNamed("latin-1").body());
        assertThat(deadLetterOf(deadLetters, "truncated-json").value()).isEqualTo(caseNamed("truncated-json").body());
        ConsumerRecord<String, byte[]> huge = deadLetterOf(deadLetters, "fifty-megabytes");
        assertThat(TopicReader.header(huge, Names.Header.TRUNCATED_FROM)).isEqualTo(String.valueOf(50 * 1024 * 1024));

        // Nothing above stopped a route: a good Observation is still accepted.
        HttpResponse<String> good = client.send(TestCredentials.asGateway(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir/Observation")))
                .header("Content-Type", FHIR).POST(HttpRequest.BodyPublishers.ofString(heartRate)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(good.statusCode()).isEqualTo(201);
        assertThat(good.body()).contains("accepted as record Observation/heart-rate");
    }

    private static ConsumerRecord<String, byte[]> deadLetterOf(List<ConsumerRecord<String, byte[]>> all, String id) {
        return all.stream().filter(r -> ("http:" + id).equals(TopicReader.header(r, Names.Header.SOURCE))).findFirst().orElseThrow();
    }

    private static Case caseNamed(String id) {
        return CASES.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private static void fhir(String id, String json, int status, String reason) {
        raw(id, "/fhir/Observation", FHIR, json.getBytes(StandardCharsets.UTF_8), status, reason);
    }

    private static void csv(String id, String query, String text, int status, String reason) {
        raw(id, "/ingest/csv" + query, "text/csv", text.getBytes(StandardCharsets.UTF_8), status, reason);
    }

    private static void raw(String id, String path, String contentType, byte[] body, int status, String reason) {
        CASES.add(new Case(id, path, contentType, body, status, reason));
    }

    private static String edit(String json, java.util.function.Consumer<ObjectNode> change) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(json);
            change.accept(node);
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Observation coded only by this one coding (no text, no display a label map could read). */
    private static String coded(String json, String system, String code) {
        return edit(json, o -> o.putObject("code").putArray("coding").addObject().put("system", system).put("code", code));
    }

    private static String compact(String json) {
        return edit(json, o -> { });
    }

    private static byte[] bundle(String type, String... resources) {
        try {
            ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle");
            if (type != null) {
                bundle.put("type", type);
            }
            ArrayNode entries = bundle.putArray("entry");
            for (String resource : resources) {
                ObjectNode entry = entries.addObject();
                entry.set("resource", JSON.readTree(resource));
                entry.putObject("request").put("method", "POST").put("url", "Observation");
            }
            return JSON.writeValueAsBytes(bundle);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
