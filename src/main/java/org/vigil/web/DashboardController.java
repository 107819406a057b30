package org.vigil.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.clinical.ClinicalThresholds;
import org.vigil.clinical.News2;
import org.vigil.store.ObservationQueries;
import org.vigil.store.PatientQueries;

/**
 * What the dashboard ({@code /dashboard/}) reads besides the alerts:
 * <ul>
 * <li>{@code GET /api/patients?ward=W&hours=6}: patients with recent vital signs;</li>
 * <li>{@code GET /api/patients/vitals?patient=Patient/1&hours=6}: one patient's vital signs and
 * NEWS2 over time, with the thresholds the rules use (from the same configuration), to draw as bands;</li>
 * <li>{@code GET /api/overview?minutes=60}: the overview panels (Elasticsearch).</li>
 * </ul>
 */
@RestController
public class DashboardController {

    private final PatientQueries patients;
    private final ObservationQueries observations;
    private final ClinicalThresholds thresholds;
    private final Clock clock;

    @Autowired
    public DashboardController(PatientQueries patients, ObservationQueries observations, ClinicalThresholds thresholds) {
        this(patients, observations, thresholds, Clock.systemUTC());
    }

    DashboardController(PatientQueries patients, ObservationQueries observations, ClinicalThresholds thresholds, Clock clock) {
        this.patients = patients;
        this.observations = observations;
        this.thresholds = thresholds;
        this.clock = clock;
    }

    @GetMapping("/api/patients")
    public List<Map<String, Object>> patients(@RequestParam(name = "ward", required = false) String ward,
                                              @RequestParam(name = "hours", defaultValue = "6") int hours) throws IOException {
        return patients.patients(since(hours), ward);
    }

    @GetMapping("/api/patients/vitals")
    public Map<String, Object> vitals(@RequestParam("patient") String patientId, @RequestParam(name = "hours", defaultValue = "6") int hours)
            throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("patientId", patientId);
        answer.put("location", patients.location(patientId, since(hours)));
        answer.put("points", patients.vitals(patientId, since(hours)));
        answer.put("thresholds", thresholds());
        return answer;
    }

    @GetMapping("/api/overview")
    public Map<String, Object> overview(@RequestParam(name = "minutes", defaultValue = "60") int minutes) throws IOException {
        int range = Math.max(1, Math.min(minutes, 7 * 24 * 60));
        Instant to = Instant.now(clock);
        // About 60 bars whatever the range, at least a minute each.
        long interval = Math.max(60, range * 60L / 60);
        return observations.overview(to.minus(Duration.ofMinutes(range)), to, interval);
    }

    /** The thresholds the rules apply, as bands to draw: the rules' own configuration, not a copy. */
    Map<String, Object> thresholds() {
        Map<String, Object> bands = new LinkedHashMap<>();
        bands.put("systolicMmHg", List.of(Map.of("label", "hypotension", "below", thresholds.hypotensionSystolic()),
                Map.of("label", "hypertension", "from", thresholds.hypertensionSystolic()),
                Map.of("label", "crisis", "above", thresholds.crisisSystolic())));
        bands.put("diastolicMmHg", List.of(Map.of("label", "hypotension", "below", thresholds.hypotensionDiastolic()),
                Map.of("label", "hypertension", "from", thresholds.hypertensionDiastolic()),
                Map.of("label", "crisis", "above", thresholds.crisisDiastolic())));
        bands.put("temperatureCelsius", List.of(Map.of("label", "fever", "above", thresholds.feverCelsius())));
        bands.put("news2", List.of(Map.of("label", "urgent response", "from", News2.URGENT_FROM),
                Map.of("label", "emergency response", "from", News2.EMERGENCY_FROM)));
        return bands;
    }

    private Instant since(int hours) {
        return Instant.now(clock).minus(Duration.ofHours(Math.max(1, Math.min(hours, 24 * 7))));
    }
}
