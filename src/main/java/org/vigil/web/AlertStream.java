package org.vigil.web;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Body;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/alerts/stream}: the alert events as Server-Sent Events ({@code event: alert},
 * {@code id:} the event id, {@code data:} the event's JSON), as the alert-stream route hands them
 * over from the alerts topic. Each instance reads every event for its own clients; a client that
 * reconnects fetches {@code /api/alerts} to catch up. A comment is sent every 15 s so proxies keep
 * the connection open.
 */
@RestController("alertStream")
public class AlertStream {

    private final List<SseEmitter> clients = new CopyOnWriteArrayList<>();
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public AlertStream(com.fasterxml.jackson.databind.ObjectMapper json) {
        this.json = json;
    }

    @GetMapping(path = "/api/alerts/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter subscribe() throws IOException {
        SseEmitter emitter = new SseEmitter(0L);
        emitter.onCompletion(() -> clients.remove(emitter));
        emitter.onTimeout(() -> clients.remove(emitter));
        emitter.onError(e -> clients.remove(emitter));
        clients.add(emitter);
        emitter.send(SseEmitter.event().comment("connected"));
        return emitter;
    }

    /** One alert event (its JSON as on the topic) to every connected client. */
    public void publish(@Body String event) throws IOException {
        String eventId = json.readTree(event).path("eventId").asText();
        for (SseEmitter client : clients) {
            try {
                client.send(SseEmitter.event().name("alert").id(eventId).data(event, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                clients.remove(client); // gone
            }
        }
    }

    @org.springframework.scheduling.annotation.Scheduled(fixedDelay = 15000)
    public void keepAlive() {
        publishComment("keep-alive");
    }

    private void publishComment(String comment) {
        for (SseEmitter client : clients) {
            try {
                client.send(SseEmitter.event().comment(comment));
            } catch (IOException | IllegalStateException e) {
                clients.remove(client);
            }
        }
    }

    public int clients() {
        return clients.size();
    }
}
