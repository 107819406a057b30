package org.vigil.web;

import java.time.Instant;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.deadletter.DeadLetterReplay;
import org.vigil.deadletter.ReplayFilter;
import org.vigil.deadletter.ReplayReport;

/**
 * {@code POST /api/deadletter/replay}: re-injects dead letters once their cause is fixed, all or
 * those matching {@code reason}, {@code route}, {@code source}, {@code since}, {@code until}
 * (ISO-8601 instants), and answers with how many were replayed and how many failed again.
 */
@RestController
@RequestMapping("/api/deadletter")
public class DeadLetterReplayController {

    private final DeadLetterReplay replay;

    public DeadLetterReplayController(DeadLetterReplay replay) {
        this.replay = replay;
    }

    @PostMapping("/replay")
    public ReplayReport replay(@RequestParam(required = false) String reason,
                               @RequestParam(required = false) String route,
                               @RequestParam(required = false) String source,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant until) {
        return replay.replay(new ReplayFilter(reason, route, source, since, until));
    }
}
