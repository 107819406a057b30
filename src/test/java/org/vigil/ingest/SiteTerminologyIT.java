package org.vigil.ingest;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.testsupport.IntegrationTestNames;
import org.vigil.testsupport.TestCredentials;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.SiteConfiguration;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilJar;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A site's own terminology is configuration: the shipped jar refuses a heart rate in a local code
 * no ConceptMap translates; after a ConceptMap for it is put in the site's terminology folder and
 * Vigil restarted, the same jar, not rebuilt, accepts it and says which translation it applied.
 */
class SiteTerminologyIT {

    private static final Path SITE = Path.of("target/it-site-terminology");
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> names = IntegrationTestNames.forTest("site");
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void services() throws Exception {
        LocalServices.properties();
        Files.createDirectories(SITE);
        try (var files = Files.list(SITE)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void aConceptMapInTheSiteFolderMakesALocalCodeReadableAfterARestart() throws Exception {
        Map<String, Object> settings = Map.of("vigil.terminology.dir", SITE.toAbsolutePath().toString());
        try (VigilJar vigil = VigilJar.start(names, settings, "site-terminology-it-1").awaitReady(PATIENCE)) {
            HttpResponse<String> refused = post(vigil);
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("http://hospital.example/fhir/CodeSystem/ward-obs|HF")
                    .contains("no ConceptMap translates it");
        }

        Files.writeString(SITE.resolve("ward-obs.json"), SiteConfiguration.WARD_MAP);

        try (VigilJar vigil = VigilJar.start(names, settings, "site-terminology-it-2").awaitReady(PATIENCE)) {
            HttpResponse<String> accepted = post(vigil);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
            assertThat(accepted.body()).contains("accepted as record Observation/local-hr-1")
                    .as("the sender is told how it was read").contains("translated: http://hospital.example/fhir/CodeSystem/ward-obs|HF -> 8867-4");
        }
        String records = names.get("vigil.kafka.topic-prefix") + "records";
        JsonNode record = JSON.readTree(TopicReader.read(records, 1, Duration.ofSeconds(30)).get(0).value());
        assertThat(record.at("/vitals/heartRatePerMin").asDouble()).isEqualTo(88.0);
        assertThat(record.at("/translatedFrom/0").asText()).isEqualTo("http://hospital.example/fhir/CodeSystem/ward-obs|HF -> 8867-4 "
                + "(equivalent, http://hospital.example/fhir/ConceptMap/ward-obs-to-loinc)");
    }

    private HttpResponse<String> post(VigilJar vigil) throws Exception {
        return http.send(TestCredentials.asGateway(HttpRequest.newBuilder(vigil.uri("/fhir/Observation"))).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(SiteConfiguration.localHeartRate("local-hr-1"))).build(), HttpResponse.BodyHandlers.ofString());
    }
}
