package org.vigil.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What a Jolokia request did, for the audit trail: each call of it (one, or a bulk's several) as
 * its type, MBean and operation or attribute, with the status Jolokia answered for it, e.g.
 * {@code exec org.apache.camel:context=vigil,type=routes,name="classify" stop() -> 200}. A GET
 * (refused: Jolokia runs by POST only) is named by its path, e.g. {@code /exec/java.lang:type=Memory/gc -> 403}.
 */
final class JolokiaCalls {

    static final String PATH = "/actuator/jolokia";
    /** Kept of a request's body to describe it; Jolokia's own requests are far smaller. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final int MAX_DETAIL = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private JolokiaCalls() {
    }

    static boolean isJolokia(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    static String describe(HttpServletRequest request, byte[] requestBody, byte[] responseBody) {
        List<JsonNode> answers = nodes(responseBody);
        if (!"POST".equals(request.getMethod())) {
            String path = request.getRequestURI().substring(request.getContextPath().length() + PATH.length());
            return cut((path.isEmpty() ? "/" : path) + (answers.size() == 1 && answers.get(0).has("status")
                    ? " -> " + answers.get(0).path("status").asInt() : ""));
        }
        List<JsonNode> calls = nodes(requestBody);
        if (calls.isEmpty()) {
            return requestBody.length == 0 ? "no request" : "not a Jolokia request (" + requestBody.length + " bytes)";
        }
        List<String> described = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            StringBuilder line = new StringBuilder(call.path("type").asText("?"));
            if (call.hasNonNull("mbean")) {
                line.append(' ').append(call.path("mbean").asText());
            }
            if (call.hasNonNull("operation")) {
                line.append(' ').append(call.path("operation").asText());
            }
            if (call.hasNonNull("attribute")) {
                line.append(' ').append(call.path("attribute").isArray() ? call.path("attribute").toString() : call.path("attribute").asText());
            }
            if (i < answers.size() && answers.get(i).has("status")) {
                line.append(" -> ").append(answers.get(i).path("status").asInt());
            }
            described.add(line.toString());
        }
        return cut(String.join("; ", described));
    }

    private static List<JsonNode> nodes(byte[] body) {
        if (body == null || body.length == 0) {
            return List.of();
        }
        try {
            JsonNode root = JSON.readTree(body);
            List<JsonNode> nodes = new ArrayList<>();
            if (root != null && root.isArray()) {
                root.forEach(nodes::add);
            } else if (root != null && root.isObject()) {
                nodes.add(root);
            }
            return nodes;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String cut(String detail) {
        return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "…";
    }
}
