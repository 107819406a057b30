package org.vigil.web;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.alert.Alert;
import org.vigil.alert.AlertCommands;
import org.vigil.alert.AlertViews;

/**
 * The alerts for caregivers:
 * <ul>
 * <li>{@code GET /api/alerts?status=active|all&ward=W}: alerts as they stand, most severe first;</li>
 * <li>{@code POST /api/alerts/{id}/acknowledge}, by the signed-in caregiver: 202 once the request is
 * durable (the {@code acknowledged} event follows on the topic and the stream), 404 unknown, 409
 * acknowledged or resolved already;</li>
 * <li>{@code GET /api/alerts/{id}/audit}: who did what, when.</li>
 * </ul>
 */
@RestController
public class AlertController {

    private static final int LIMIT = 500;

    private final AlertViews views;
    private final AlertCommands commands;

    public AlertController(AlertViews views, AlertCommands commands) {
        this.views = views;
        this.commands = commands;
    }

    @GetMapping("/api/alerts")
    public List<Alert> alerts(@RequestParam(name = "status", defaultValue = "active") String status,
                              @RequestParam(name = "ward", required = false) String ward) {
        return views.list(!"all".equals(status), ward, LIMIT);
    }

    @GetMapping("/api/alerts/{alertId}/audit")
    public ResponseEntity<List<Map<String, Object>>> audit(@PathVariable("alertId") String alertId) {
        return views.find(alertId).isPresent() ? ResponseEntity.ok(views.audit(alertId)) : ResponseEntity.notFound().build();
    }

    /** Who acknowledges is who signed in: a name in the request would be anyone's word. */
    @PostMapping("/api/alerts/{alertId}/acknowledge")
    public ResponseEntity<Map<String, Object>> acknowledge(@PathVariable("alertId") String alertId, Principal caregiver) {
        AlertCommands.Answer answer = commands.acknowledge(alertId, caregiver.getName());
        HttpStatus status = switch (answer.outcome()) {
            case ACCEPTED -> HttpStatus.ACCEPTED;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case NOT_OPEN -> HttpStatus.CONFLICT;
        };
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("message", answer.message());
        if (answer.commandId() != null) {
            body.put("commandId", answer.commandId());
        }
        if (answer.alert() != null) {
            body.put("alert", answer.alert());
        }
        return ResponseEntity.status(status).body(body);
    }
}
