package org.vigil.event;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.vigil.clinical.News2;
import org.vigil.record.ChestPain;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.DeviceAlarm;
import org.vigil.record.Consciousness;
import org.vigil.record.HeartStudy;
import org.vigil.record.PatientLocation;
import org.vigil.record.RestingEcg;
import org.vigil.record.Sex;
import org.vigil.record.StSlope;
import org.vigil.record.Thal;
import org.vigil.record.VitalSigns;
import org.vigil.risk.RiskScore;
import org.vigil.testsupport.ContractSchemas;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events between stages are one typed contract (issue #24): the published JSON Schemas are
 * the ones the types generate, every field a later stage names exists in the event, and what the
 * types write is valid against what is published.
 */
class ContractSchemasTest {

    /** Run with -Dvigil.contract.write=true to publish the schemas the types now generate. */
    private static final boolean WRITE = Boolean.getBoolean("vigil.contract.write");
    /** Written as Vigil writes (spring.jackson in application.yaml: absent values left out, ISO times). */
    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT).build();

    static final ClinicalRecord VITALS = new ClinicalRecord("obs-1", "kafka:vigil.raw:0:7", "Patient/7", Instant.parse("2026-12-07T08:00:00Z"),
            "Device/monitor-3", null, null, new VitalSigns(195.0, 125.0, 120.0, 24.0, 93.0, 38.5, true, Consciousness.ALERT),
            null, "final", List.of("MDC 150021 -> LOINC 8480-6"), null, null, null,
            new PatientLocation("ICU", "3", "3B", "General", "admitted", Instant.parse("2026-12-06T20:00:00Z")), null, null);
    static final ClinicalRecord STUDY = new ClinicalRecord("csv-1", "file:heart.csv:2", null, null, null, null, new HeartStudy(52, Sex.MALE,
            ChestPain.ASYMPTOMATIC, 180, 250, true, RestingEcg.NORMAL, 150, false, 1.0, StSlope.FLAT, 2, Thal.REVERSIBLE_DEFECT, true, null), null);
    static final News2.Score NEWS2 = News2.score(new News2.Inputs(24.0, 93.0, true, 195.0, 120.0, Consciousness.ALERT, 38.5, false));

    @Test
    void thePublishedSchemasAreTheOnesTheTypesGenerate() throws IOException {
        List<String> stale = new ArrayList<>();
        for (Map.Entry<Class<?>, String> entry : ContractSchemas.FILES.entrySet()) {
            JsonNode generated = ContractSchemas.generate(entry.getKey());
            Path file = Path.of("src/main/resources/contract", entry.getValue());
            if (WRITE) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, JSON.writeValueAsString(generated) + "\n");
            }
            if (!Files.exists(file) || !JSON.readTree(file.toFile()).equals(generated)) {
                stale.add(file.toString());
            }
        }
        assertThat(stale).as("schemas that differ from their type: publish them with "
                + "./mvnw test -Dtest=ContractSchemasTest -Dvigil.contract.write=true, and say what changed in docs/contract.md").isEmpty();
    }

    @Test
    void theClassifiedRecordHasTheRecordsFieldsAtTheTopAndEveryFieldTheStagesName() throws IllegalAccessException {
        Set<String> paths = ContractSchemas.paths(ContractSchemas.generate(ClassifiedRecord.class));
        for (java.lang.reflect.RecordComponent component : ClinicalRecord.class.getRecordComponents()) {
            assertThat(paths).as("the record's own field, unwrapped").contains(component.getName());
        }
        assertThat(paths).doesNotContain("record").contains("news2.total", "news2.band", "risk.probability", "vitals.systolicMmHg",
                "location.ward", "anomalies", "retracted");
        Set<String> named = new TreeSet<>();
        for (Field field : EventFields.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                named.add((String) field.get(null));
            }
        }
        assertThat(named).hasSizeGreaterThan(20);
        assertThat(paths).as("EventFields names only what the classified record has").containsAll(named);
    }

    @Test
    void everyOptionalFieldOfASpecialtyRecordIsFilledWhenTheSpecialtyAsksForIt() {
        // The projection fills each field by its name: a misspelt name in it leaves a field never sent.
        assertThat(SpecialtyRecord.OPTIONAL).contains("chestPain", "vitals", "news2", "risk", "crisis", "location")
                .doesNotContain("recordId", "patientId", "retracted");
        Set<String> paths = ContractSchemas.paths(ContractSchemas.generate(SpecialtyRecord.class));
        assertThat(paths).containsAll(SpecialtyRecord.OPTIONAL).containsAll(SpecialtyRecord.COMMON).containsAll(SpecialtyRecord.RETRACTION);
    }

    @Test
    void whatTheTypesWriteIsValidAgainstThePublishedSchemas() throws IOException {
        List<Object> events = List.of(
                ClassifiedRecord.classified(VITALS, List.of("HYPERTENSIVE_CRISIS"), Map.of("HYPERTENSIVE_CRISIS", "systolic 195 mmHg"),
                        NEWS2, null, List.of("emergency")),
                ClassifiedRecord.classified(STUDY, List.of(), Map.of(), null, new RiskScore(0.82, "v3", List.of()), List.of("research")),
                ClassifiedRecord.retraction(ClinicalRecord.retraction("obs-1", "http:req-9", "Patient/7", null), NEWS2),
                ClassifiedRecord.classified(ClinicalRecord.alarm("HL7/mon/alarm/A1/start/2026-12-07T08:00:00Z", "hl7:M1", "Patient/7",
                        Instant.parse("2026-12-07T08:00:00Z"), "Device/mon-3", new DeviceAlarm("A1", "MDC_EVT_LO", "Low SpO2",
                                DeviceAlarm.Kind.PHYSIOLOGICAL, DeviceAlarm.Priority.HIGH, "start", "active", List.of("enabled"),
                                new DeviceAlarm.Source("MDC_PULS_OXIM_SAT_O2", 84.0, "%", "90-100"))), List.of(), Map.of(), null, null, List.of()));
        for (Object event : events) {
            String json = JSON.writeValueAsString(event);
            assertThat(ContractSchemas.problems(ClassifiedRecord.class, json)).as(json).isEmpty();
            assertThat(JSON.readValue(json, ClassifiedRecord.class)).as("read back as written").isEqualTo(event);
        }
        SpecialtyRecord retraction = SpecialtyRecord.retraction("r-1", null, "abc", null, null, NEWS2);
        assertThat(ContractSchemas.problems(SpecialtyRecord.class, JSON.writeValueAsString(retraction))).isEmpty();
    }

    @Test
    void aMessageThatBreaksTheContractIsCaught() {
        // The check above would pass vacuously if the validator accepted anything.
        assertThat(ContractSchemas.problems(ClassifiedRecord.class, "{\"recordId\":\"x\",\"news2\":{\"total\":\"high\"}}")).isNotEmpty();
        assertThat(ContractSchemas.problems(ClassifiedRecord.class, "{\"recordId\":\"x\",\"anomalies\":\"HYPOTENSION\"}")).isNotEmpty();
        assertThat(ContractSchemas.problems(SpecialtyRecord.class, "{\"recordId\":\"x\",\"sex\":\"unknown\"}")).isNotEmpty();
    }
}
