package org.vigil.web;

import java.security.Principal;
import java.util.Map;

import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.clinical.News2Prescriptions;

/**
 * {@code PUT /api/news2/hypercapnic?patient=Patient/123&value=true}: a clinician's prescription of
 * SpO2 scale 2 (target 88-92 %) for a patient in hypercapnic respiratory failure, and its removal.
 * NEWS2 scores that patient's SpO2 on scale 2 from the patient's next reading on: the
 * prescription is taken in order with the patient's records ({@link News2Prescriptions}), and the
 * answer comes once it is durable.
 */
@RestController
public class News2ScaleController {

    private final News2Prescriptions prescriptions;

    public News2ScaleController(News2Prescriptions prescriptions) {
        this.prescriptions = prescriptions;
    }

    @PutMapping("/api/news2/hypercapnic")
    public Map<String, Object> setHypercapnic(@RequestParam("patient") String patientId, @RequestParam("value") boolean hypercapnic,
                                              Principal user) {
        if (!prescriptions.prescribe(patientId, hypercapnic, user == null ? "unknown" : user.getName())) {
            throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND,
                    "Vigil has no reading or admission of " + patientId + ": check the patient id");
        }
        return Map.of("patient", patientId, "spo2Scale", hypercapnic ? 2 : 1);
    }
}
