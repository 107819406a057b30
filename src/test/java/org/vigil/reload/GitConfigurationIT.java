package org.vigil.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;
import org.vigil.config.VigilProperties;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.VitalSigns;
import org.vigil.testsupport.KafkaTestClient;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.SiteConfiguration;
import org.vigil.testsupport.TestCredentials;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The routes folder as a Git working copy of a site's configuration repository (a local bare
 * repository here, as a Git server would hold it): an integration engineer pushes a changed rule,
 * an operator pulls (POST /api/config/pull), and the commit is applied and reported at
 * /api/config and /actuator/info; a commit with a broken file is refused (the working copy stays
 * at the commit running); the commit that fixes it is applied. Every change is in the audit trail.
 */
@VigilIntegrationTest("git")
@TestPropertySource(properties = {
        // Inlined, not dynamic: the routes folder is read while the environment is prepared.
        "vigil.routes.dir=" + GitConfigurationIT.BASE_DIR + "/vigil/routes",
        "vigil.config.git.enabled=true", "vigil.config.git.pull-every=1h", "vigil.config.poll-ms=500"})
class GitConfigurationIT {

    static final String BASE_DIR = "target/it-git";
    private static final Path BASE = Path.of(BASE_DIR).toAbsolutePath();
    private static final Path SERVER = BASE.resolve("site-config.git");
    private static final Path ENGINEER = BASE.resolve("engineer");
    private static final Path VIGIL = BASE.resolve("vigil");
    private static final String FILE = "routes/site-outreach.yaml";

    private static Git engineer;
    private static String first;

    @Autowired
    TestRestTemplate http;
    @Autowired
    CamelContext camel;
    @Autowired
    VigilProperties vigil;
    @Autowired
    ObjectMapper json;

    static {
        workingCopy();
    }

    /** The site's configuration repository, an engineer's clone and Vigil's working copy, as Vigil finds them at start-up. */
    private static void workingCopy() {
        try {
            org.springframework.util.FileSystemUtils.deleteRecursively(BASE);
            Git.init().setBare(true).setInitialBranch("main").setDirectory(SERVER.toFile()).call().close();
            engineer = Git.cloneRepository().setURI(SERVER.toUri().toString()).setDirectory(ENGINEER.toFile()).call();
            first = commit(SiteConfiguration.outreachRoute("a", ""), "Outreach: team a").name();
            Git.cloneRepository().setURI(SERVER.toUri().toString()).setDirectory(VIGIL.toFile()).setBranch("main").call().close();
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void close() {
        engineer.close();
    }

    private static RevCommit commit(String route, String message) throws IOException, GitAPIException {
        Files.createDirectories(ENGINEER.resolve("routes"));
        Files.writeString(ENGINEER.resolve(FILE), route);
        engineer.add().addFilepattern(FILE).call();
        RevCommit commit = engineer.commit().setMessage(message).setAuthor("Integration Engineer", "ie@hospital.example").call();
        engineer.push().setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/main")).call();
        return commit;
    }

    @Test
    void aGoodCommitIsAppliedABadOneRefusedAndItsFixApplied() throws Exception {
        assertThat(config().get("commit")).as("the commit running at start-up").isEqualTo(first);

        String good = commit(SiteConfiguration.outreachRoute("b", ""), "Outreach: team b from today").name();
        List<Map<String, Object>> pulled = pull();
        assertThat(pulled).singleElement().satisfies(c -> {
            assertThat(c.get("commit")).isEqualTo(good);
            assertThat(c.get("outcome")).isEqualTo("applied");
        });
        assertThat(config().get("commit")).isEqualTo(good);
        Map<?, ?> info = http.withBasicAuth(TestCredentials.OPERATOR, TestCredentials.PASSWORD).getForObject("/actuator/info", Map.class);
        assertThat(((Map<?, ?>) info.get("configuration")).get("commit")).isEqualTo(good);
        String forwardedTo = forwardOneCrisisReading();
        assertThat(forwardedTo).isEqualTo("b");

        String bad = commit(SiteConfiguration.outreachRoute("c", SiteConfiguration.NO_SUCH_BEAN), "Outreach: enrich first").name();
        pulled = pull();
        assertThat(pulled).singleElement().satisfies(c -> {
            assertThat(c.get("commit")).isEqualTo(bad);
            assertThat(c.get("outcome")).isEqualTo("refused");
            assertThat(c.toString()).contains("noSuchBean");
        });
        assertThat(config().get("commit")).as("still the good commit").isEqualTo(good);
        try (Git working = Git.open(VIGIL.toFile())) {
            assertThat(working.getRepository().resolve("HEAD").name()).as("the working copy went back").isEqualTo(good);
        }
        assertThat(Files.readString(VIGIL.resolve(FILE))).contains("site-outreach-b");
        assertThat(forwardOneCrisisReading()).isEqualTo("b");

        String fix = commit(SiteConfiguration.outreachRoute("c", ""), "Outreach: team c, without the enrichment").name();
        pulled = pull();
        assertThat(pulled).extracting(c -> c.get("commit") + " " + c.get("outcome"))
                .containsExactly(bad + " refused", fix + " applied");
        assertThat(config().get("commit")).isEqualTo(fix);
        assertThat(forwardOneCrisisReading()).isEqualTo("c");

        List<Map<String, Object>> audit = http.withBasicAuth(TestCredentials.OPERATOR, TestCredentials.PASSWORD).exchange("/api/audit?limit=200",
                HttpMethod.GET, null, new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(audit).filteredOn(e -> FILE.equals(e.get("path"))).extracting(e -> e.get("method") + " " + e.get("query"))
                .anySatisfy(e -> assertThat(e).startsWith("APPLIED").contains("commit=" + good))
                .anySatisfy(e -> assertThat(e).startsWith("REFUSED").contains("commit=" + bad))
                .anySatisfy(e -> assertThat(e).startsWith("APPLIED").contains("commit=" + fix));
        System.out.printf("GitConfigurationIT: commits %s (start-up), %s applied, %s refused twice, %s applied; audit entries for %s: %d%n",
                first, good, bad, fix, FILE, audit.stream().filter(e -> FILE.equals(e.get("path"))).count());
    }

    private Map<?, ?> config() {
        return http.withBasicAuth(TestCredentials.OPERATOR, TestCredentials.PASSWORD).getForObject("/api/config", Map.class);
    }

    private List<Map<String, Object>> pull() {
        return http.withBasicAuth(TestCredentials.OPERATOR, TestCredentials.PASSWORD).exchange("/api/config/pull", HttpMethod.POST, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }

    /** Sends one crisis reading and answers the team whose topic it reached. */
    private String forwardOneCrisisReading() throws Exception {
        String id = "git-" + LocalServices.RUN_ID + "-" + System.nanoTime();
        ClinicalRecord record = new ClinicalRecord(id, "test:" + id, "Patient/" + id, Instant.now(), null, null, null,
                new VitalSigns(190.0, 125.0, null, null, null, null, null, null));
        String prefix = vigil.kafka().topicPrefix();
        String[] team = new String[1];
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(vigil.kafka().topics().records(), record.partitionKey(), json.writeValueAsString(record));
            await(id + " forwarded").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (String candidate : List.of("a", "b", "c")) {
                    String topic = prefix + "site-outreach-" + candidate;
                    long messages;
                    try {
                        messages = kafka.recordsIn(topic);
                    } catch (Exception absent) {
                        continue; // not written to yet
                    }
                    if (TopicReader.read(topic, (int) messages, Duration.ofSeconds(5)).stream()
                            .anyMatch(m -> new String(m.value(), java.nio.charset.StandardCharsets.UTF_8).contains(id))) {
                        team[0] = candidate;
                        return true;
                    }
                }
                return false;
            });
        }
        return team[0];
    }
}
