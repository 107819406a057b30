package org.vigil.web;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.reload.GitConfiguration;
import org.vigil.reload.LiveConfiguration;
import org.vigil.reload.RefusedChange;

/**
 * The site's live configuration (operators): {@code GET /api/config} what runs (each file's
 * SHA-256, since when, by whom, its routes, earlier versions kept), what was refused or rolled back
 * lately and why, and the Git commit; {@code POST /api/config/rollback?file=routes/x.yaml} goes
 * back to the version before; {@code POST /api/config/pull} pulls the Git branch now. The commit
 * and the files' hashes are in {@code /actuator/info} too, so several instances can be compared.
 */
@RestController
@RequestMapping("/api/config")
public class ConfigController {

    private final LiveConfiguration live;
    private final GitConfiguration git;

    public ConfigController(LiveConfiguration live, GitConfiguration git) {
        this.live = live;
        this.git = git;
    }

    @GetMapping
    public Map<String, Object> status() {
        return live.status();
    }

    @PostMapping("/rollback")
    public LiveConfiguration.Outcome rollback(@RequestParam String file, Principal who) {
        return live.rollback(file, who.getName());
    }

    @PostMapping("/pull")
    public List<GitConfiguration.CommitOutcome> pull(Principal who) {
        return git.pull(who.getName());
    }

    /** A rollback with no earlier version, or a pull without Git: 409 with the reason. */
    @ExceptionHandler(RefusedChange.class)
    public ResponseEntity<Map<String, String>> refused(RefusedChange refused) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("reason", refused.getMessage()));
    }

    /** {@code /actuator/info}: {@code configuration.commit} and each file's SHA-256. */
    @Component
    static class ConfigurationInfo implements InfoContributor {

        private final LiveConfiguration live;

        ConfigurationInfo(LiveConfiguration live) {
            this.live = live;
        }

        @Override
        public void contribute(Info.Builder builder) {
            java.util.Map<String, Object> configuration = new java.util.LinkedHashMap<>();
            configuration.put("commit", live.commit());
            configuration.put("files", live.runningHashes());
            builder.withDetail("configuration", configuration);
        }
    }
}
