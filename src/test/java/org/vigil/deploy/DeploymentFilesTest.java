package org.vigil.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.ConceptMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files, checked where Docker and Kubernetes cannot run: docker-compose.yml, the
 * Dockerfile, .env.example and deploy/kubernetes/. Every image pinned, ports on loopback only,
 * health checks where something waits on them, dependencies and mounts that exist, and every
 * setting Vigil is given one that application.yaml reads (a misspelt variable would be ignored
 * silently and Vigil would run on its local defaults).
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern PINNED = Pattern.compile("[^:@\\s]+(:\\d[\\w.-]*)");

    private final Map<String, Object> compose = yaml("docker-compose.yml");
    private final Map<String, Map<String, Object>> services = map(compose.get("services"));
    /** application.yaml and the production profile's file, which the image runs with. */
    private final String applicationYaml = read("src/main/resources/application.yaml") + "\n"
            + read("src/main/resources/application-production.yaml");
    private final Map<String, Object> kustomization = yaml("deploy/kubernetes/kustomization.yaml");
    private final List<Map<String, Object>> manifests = yamlDocuments("deploy/kubernetes/vigil.yaml");

    @Test
    void everyImageIsPinnedToAVersion() {
        services.forEach((name, service) -> {
            if (service.containsKey("build")) {
                return;
            }
            assertThat((String) service.get("image")).as(name).matches(PINNED).doesNotContain(":latest");
        });
        Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(read("Dockerfile"));
        assertThat(from.find()).isTrue();
        assertThat(from.group(1)).as("the Dockerfile's base image").matches(PINNED);
    }

    @Test
    void portsArePublishedOnLoopbackOnly() {
        services.forEach((name, service) -> strings(service.get("ports"))
                .forEach(port -> assertThat(port).as(name + " publishes " + port).startsWith("127.0.0.1:")));
    }

    @Test
    void longRunningServicesHaveAHealthCheckAndOneShotsDoNotRestart() {
        services.forEach((name, service) -> {
            if ("no".equals(service.get("restart"))) {
                assertThat(service).as(name + ", a one-shot").doesNotContainKey("healthcheck");
                return;
            }
            Map<String, Object> healthcheck = map(service.get("healthcheck"));
            assertThat(healthcheck).as(name + " has a health check").isNotNull();
            assertThat(strings(healthcheck.get("test"))).as(name).isNotEmpty();
        });
    }

    @Test
    void dependenciesExistAndWaitUntilHealthy() {
        services.forEach((name, service) -> {
            Map<String, Map<String, Object>> dependsOn = map(service.get("depends_on"));
            if (dependsOn == null) {
                return;
            }
            dependsOn.forEach((target, condition) -> {
                assertThat(services).as(name + " depends on " + target).containsKey(target);
                assertThat(condition.get("condition")).as(name + " waits for " + target).isEqualTo("service_healthy");
                assertThat(services.get(target)).as(target + " has the health check " + name + " waits for").containsKey("healthcheck");
            });
        });
    }

    @Test
    void mountsExistAndNamedVolumesAreDeclared() {
        Map<String, Object> volumes = map(compose.get("volumes"));
        services.forEach((name, service) -> strings(service.get("volumes")).forEach(volume -> {
            String source = volume.substring(0, volume.indexOf(':'));
            if (source.startsWith("./")) {
                assertThat(ROOT.resolve(source)).as(name + " mounts " + source).exists();
            } else {
                assertThat(volumes).as(name + "'s volume " + source).containsKey(source);
            }
        }));
        // The one-shots run a script from their mount: it is there.
        for (String oneShot : List.of("kibana-init", "connect-init")) {
            Map<String, Object> service = services.get(oneShot);
            String script = strings(service.get("entrypoint")).get(1);
            String mount = strings(service.get("volumes")).stream().filter(v -> script.startsWith(v.split(":")[1])).findFirst()
                    .orElseThrow(() -> new AssertionError(oneShot + ": " + script + " is on no mount"));
            String[] parts = mount.split(":");
            assertThat(ROOT.resolve(parts[0]).resolve(script.substring(parts[1].length() + 1))).as(oneShot + "'s script").exists();
        }
        Map<String, Map<String, Object>> secrets = map(compose.get("secrets"));
        secrets.forEach((name, secret) -> assertThat((String) secret.get("file")).as("secret " + name + " outside version control")
                .startsWith("./secrets/"));
        assertThat(read(".gitignore")).contains("secrets/").containsPattern("(?m)^\\.env$");
        // Vigil's own environment holds no secret: no password or key is put in it from .env.
        map(services.get("vigil").get("environment")).forEach((name, value) -> assertThat(String.valueOf(value))
                .as("vigil's " + name).doesNotContainPattern("\\$\\{[A-Z_]*(PASSWORD|KEY)[A-Z_]*"));
    }

    @Test
    void everySettingVigilIsGivenIsOneApplicationYamlReads() {
        Set<String> given = new LinkedHashSet<>(map(services.get("vigil").get("environment")).keySet());
        given.removeIf(name -> name.startsWith("SPRING_")); // Spring Boot's own (SPRING_CONFIG_IMPORT)
        Matcher env = Pattern.compile("(?m)^\\s+(VIGIL_[A-Z0-9_]+)=").matcher(read("Dockerfile"));
        while (env.find()) {
            given.add(env.group(1));
        }
        for (String literal : strings(first(kustomizationGenerator("vigil-settings"), "literals"))) {
            given.add(literal.substring(0, literal.indexOf('=')));
        }
        for (Map<String, Object> variable : list(container().get("env"))) {
            if (!((String) variable.get("name")).startsWith("SPRING_")) { // Spring Boot's own (SPRING_CONFIG_IMPORT)
                given.add((String) variable.get("name"));
            }
        }
        // Settings given as files of the config tree (app/<NAME>), secrets kept out of the environment.
        Map<String, Object> secretVolume = list(podSpec().get("volumes")).stream().filter(v -> "secrets".equals(v.get("name")))
                .findFirst().orElseThrow();
        list(map(secretVolume.get("secret")).get("items")).stream().map(item -> (String) item.get("path"))
                .filter(path -> path.startsWith("app/")).forEach(path -> given.add(path.substring("app/".length())));
        assertThat(given).hasSizeGreaterThan(10).allSatisfy(name ->
                assertThat(applicationYaml).as(name + " is read by application.yaml").containsPattern("\\$\\{" + name + "[:}]"));
    }

    @Test
    void everyVariableComposeNeedsIsInEnvExampleWithoutAValue() {
        Set<String> needed = new LinkedHashSet<>();
        for (String line : read("docker-compose.yml").split("\n")) {
            Matcher variable = PLACEHOLDER.matcher(line.replaceAll("\\s#.*$", "").replaceAll("^\\s*#.*$", ""));
            while (variable.find()) {
                needed.add(variable.group(1));
            }
        }
        String example = read(".env.example");
        assertThat(needed).isNotEmpty().allSatisfy(name -> assertThat(example).as(name).containsPattern("(?m)^" + name + "="));
        Matcher assigned = Pattern.compile("(?m)^(VIGIL_[A-Z0-9_]*(PASSWORD|KEY)[A-Z0-9_]*)=(.*)$").matcher(example);
        while (assigned.find()) {
            assertThat(assigned.group(3)).as(assigned.group(1) + " has no value committed").isEmpty();
        }
    }

    @Test
    void kubernetesFilesReferenceWhatExists() {
        for (String resource : strings(kustomization.get("resources"))) {
            assertThat(ROOT.resolve("deploy/kubernetes").resolve(resource)).exists();
        }
        FhirContext fhir = FhirContext.forR4Cached();
        for (Map<String, Object> generator : list(kustomization.get("configMapGenerator"))) {
            for (String file : strings(generator.get("files"))) {
                Path path = ROOT.resolve("deploy/kubernetes").resolve(file);
                assertThat(path).as(generator.get("name") + " holds " + file).exists();
                if (file.startsWith("site/terminology/")) {
                    ConceptMap map = fhir.newJsonParser().parseResource(ConceptMap.class, read(ROOT.relativize(path).toString()));
                    assertThat(map.getGroup()).as(file).isNotEmpty();
                }
            }
        }
        // Every volume a container mounts is declared, and every ConfigMap one is generated here.
        Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
        list(podSpec().get("volumes")).forEach(volume -> volumes.put((String) volume.get("name"), volume));
        for (Map<String, Object> mount : list(container().get("volumeMounts"))) {
            Map<String, Object> volume = volumes.get((String) mount.get("name"));
            assertThat(volume).as("volume " + mount.get("name")).isNotNull();
            Map<String, Object> configMap = map(volume.get("configMap"));
            if (configMap != null) {
                assertThat(kustomizationGenerator((String) configMap.get("name"))).as("ConfigMap " + configMap.get("name")).isNotNull();
            }
        }
        // The secret is made by the site: the kustomization says how, with every key the Deployment reads.
        String howToMakeTheSecret = read("deploy/kubernetes/kustomization.yaml");
        List<String> keys = new ArrayList<>();
        assertThat(list(container().get("env"))).as("no secret in the environment: secrets are files of the config tree")
                .noneMatch(variable -> variable.get("valueFrom") != null);
        for (Map<String, Object> variable : list(container().get("env"))) {
            Map<String, Object> from = map(variable.get("valueFrom"));
            if (from != null && from.get("secretKeyRef") != null) {
                keys.add((String) map(from.get("secretKeyRef")).get("key"));
            }
        }
        list(map(volumes.get("secrets").get("secret")).get("items")).forEach(item -> keys.add((String) item.get("key")));
        assertThat(keys).allSatisfy(key -> assertThat(howToMakeTheSecret).containsPattern("--from-(literal|file)=" + Pattern.quote(key) + "="));
    }

    @Test
    void theDeploymentProbesActuatorHealthAndStopsGracefully() {
        Map<String, Object> container = container();
        assertThat(map(map(container.get("livenessProbe")).get("httpGet")).get("path")).isEqualTo("/actuator/health/liveness");
        assertThat(map(map(container.get("readinessProbe")).get("httpGet")).get("path")).isEqualTo("/actuator/health/readiness");
        assertThat(map(map(container.get("startupProbe")).get("httpGet")).get("path")).isEqualTo("/actuator/health/liveness");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(map(map(container.get(probe)).get("httpGet")).get("port")).as(probe + ": the actuator is on the management port")
                    .isEqualTo("management");
        }
        assertThat(list(container.get("ports"))).anySatisfy(port -> {
            assertThat(port.get("name")).isEqualTo("http");
            assertThat(port.get("containerPort")).as("Vigil's default HTTP port").isEqualTo(8080);
        }).anySatisfy(port -> {
            assertThat(port.get("name")).isEqualTo("management");
            assertThat(port.get("containerPort")).as("the production profile's management port").isEqualTo(8081);
        });
        assertThat(applicationYaml).contains("port: ${VIGIL_HTTP_PORT:8080}").contains("port: ${VIGIL_MANAGEMENT_PORT:8081}");
        assertThat(read("Dockerfile")).contains("USER 10001").contains("SPRING_PROFILES_ACTIVE=production")
                .contains("http://127.0.0.1:8081/actuator/health/readiness");
        assertThat(map(map(services.get("vigil")).get("healthcheck")).get("test").toString()).contains("http://127.0.0.1:8081/actuator/health/readiness");
        // No Service publishes the operators' port (JMX): kubectl port-forward reaches it.
        manifests.stream().filter(m -> "Service".equals(m.get("kind"))).forEach(service ->
                assertThat(list(map(service.get("spec")).get("ports"))).allSatisfy(port ->
                        assertThat(port.get("targetPort")).as("Service " + map(service.get("metadata")).get("name")).isNotEqualTo("management")));
        Map<String, Object> security = map(podSpec().get("securityContext"));
        assertThat(security).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
        assertThat(map(container.get("securityContext"))).containsEntry("readOnlyRootFilesystem", true);
        // Longer than Vigil's own shutdown timeout, so the batches in flight are committed before the kill.
        int shutdown = strings(first(kustomizationGenerator("vigil-settings"), "literals")).stream()
                .filter(l -> l.startsWith("VIGIL_SHUTDOWN_TIMEOUT=")).map(l -> Integer.parseInt(l.substring(l.indexOf('=') + 1)))
                .findFirst().orElseThrow();
        assertThat((Integer) podSpec().get("terminationGracePeriodSeconds")).isGreaterThan(shutdown);
        assertThat(map(services.get("vigil")).get("stop_grace_period")).isEqualTo(shutdown + 15 + "s");
    }

    private Map<String, Object> deployment() {
        return manifests.stream().filter(m -> "Deployment".equals(m.get("kind"))).findFirst().orElseThrow();
    }

    private Map<String, Object> podSpec() {
        return map(map(map(deployment().get("spec")).get("template")).get("spec"));
    }

    private Map<String, Object> container() {
        return list(podSpec().get("containers")).get(0);
    }

    private Map<String, Object> kustomizationGenerator(String name) {
        return list(kustomization.get("configMapGenerator")).stream().filter(g -> name.equals(g.get("name"))).findFirst().orElse(null);
    }

    private static Object first(Map<String, Object> map, String key) {
        return map == null ? null : map.get(key);
    }

    private static String read(String file) {
        try {
            return Files.readString(ROOT.resolve(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> yaml(String file) {
        return new Yaml().load(read(file));
    }

    private static List<Map<String, Object>> yamlDocuments(String file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        new Yaml().loadAll(read(file)).forEach(document -> documents.add(map(document)));
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> map(Object value) {
        return (Map<String, V>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }
}
