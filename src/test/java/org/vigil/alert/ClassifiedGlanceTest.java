package org.vigil.alert;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.vigil.event.ClassifiedRecord;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.DeviceAlarm;
import org.vigil.record.PatientLocation;
import org.vigil.record.VitalSigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The glance the alert lifecycle takes at every classified record agrees with the whole event. */
class ClassifiedGlanceTest {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final JsonFactory FACTORY = JSON.getFactory();
    private static final ClinicalRecord READING = new ClinicalRecord("obs-1", "test", "Patient/1", Instant.parse("2026-12-07T08:00:00Z"),
            null, null, null, new VitalSigns(120.0, 80.0, 70.0, null, null, null, null, null), null, "final", null, null,
            Map.of("patientId", "not this one"), null, new PatientLocation("W1", null, null, null, "admitted", Instant.EPOCH), null, null);

    private static ClassifiedGlance glance(ClassifiedRecord event) throws IOException {
        ClassifiedGlance glance = ClassifiedGlance.of(FACTORY, JSON.writeValueAsString(event));
        assertThat(glance.patientId()).isEqualTo(event.patientId());
        assertThat(glance.retracted()).isEqualTo(event.retracts());
        assertThat(glance.anomalous()).isEqualTo(event.anomalies() != null && !event.anomalies().isEmpty());
        return glance;
    }

    @Test
    void aNormalReadingAnAnomalyAndARetractionAreToldApart() throws IOException {
        assertThat(glance(ClassifiedRecord.classified(READING, List.of(), Map.of(), null, null, List.of("vitals"))))
                .isEqualTo(new ClassifiedGlance("Patient/1", false, false, false));
        assertThat(glance(ClassifiedRecord.classified(READING, List.of("HYPERTENSIVE_CRISIS"),
                Map.of("HYPERTENSIVE_CRISIS", "systolic 195"), null, null, List.of("emergency"))))
                .isEqualTo(new ClassifiedGlance("Patient/1", true, false, false));
        assertThat(glance(ClassifiedRecord.retraction(ClinicalRecord.retraction("obs-1", "http:x", "Patient/1", null), null)))
                .isEqualTo(new ClassifiedGlance("Patient/1", false, true, false));
        ClinicalRecord alarm = ClinicalRecord.alarm("alarm-1", "hl7:1", "Patient/1", Instant.parse("2026-12-07T08:00:00Z"), null,
                new DeviceAlarm("A1", "MDC_EVT_ECG_TACHY", null, DeviceAlarm.Kind.PHYSIOLOGICAL, DeviceAlarm.Priority.HIGH, "start",
                        "active", null, new DeviceAlarm.Source("MDC_ECG_CARD_BEAT_RATE", 180.0, "/min", ">140")));
        assertThat(glance(ClassifiedRecord.classified(alarm, List.of(), Map.of(), null, null, List.of())))
                .isEqualTo(new ClassifiedGlance("Patient/1", false, false, true));
    }

    @Test
    void onlyTheTopLevelCounts() throws IOException {
        assertThat(ClassifiedGlance.of(FACTORY, """
                {"extra": {"patientId": "Patient/other", "anomalies": ["X"], "alarm": {}}, "anomalies": [], "findings": [["nested"]],
                 "patientId": "Patient/2", "news2": {"retracted": true}}"""))
                .isEqualTo(new ClassifiedGlance("Patient/2", false, false, false));
        assertThat(ClassifiedGlance.of(FACTORY, "{\"anomalies\": [{\"odd\": [1]}, \"FEVER\"], \"retracted\": true}"))
                .isEqualTo(new ClassifiedGlance(null, true, true, false));
    }

    @Test
    void whatIsNotAJsonObjectIsRefused() {
        assertThatThrownBy(() -> ClassifiedGlance.of(FACTORY, "[1, 2]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ClassifiedGlance.of(FACTORY, "{\"patientId\": \"Patient/1\", ")).isInstanceOf(IOException.class);
    }
}
