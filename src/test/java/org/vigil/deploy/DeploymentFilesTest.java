package org.vigil.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.ConceptMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files, checked where Docker and Kubernetes cannot run: docker-compose.yml, the
 * Dockerfile, .env.example and deploy/kubernetes/. Every image pinned, ports on loopback only,
 * health checks where something waits on them, dependencies and mounts that exist, and every
 * setting Vigil is given one that application.yaml reads (a misspelt variable would be ignored
 * silently and Vigil would run on its local defaults). And nothing in the production files open to
 * whoever is on the network: Kafka SASL_SSL on every listener with ACLs per user (the gateway
 * writes the raw topic only, only Vigil writes the command and specialty topics), Elasticsearch
 * with security and TLS and Kibana behind it, Connect's REST API behind a password, Kubernetes
 * giving Vigil its credentials as files, and network policies that deny by default.
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
    /** application.yaml's first document, parsed: topic names, specialties, index prefix. */
    private final Map<String, Object> vigilSettings = map(map(new Yaml().loadAll(read("src/main/resources/application.yaml"))
            .iterator().next()).get("vigil"));

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
                if ("no".equals(services.get(target).get("restart"))) {
                    // A one-shot (users, ACLs) has no health: what depends on it waits until it has done its work.
                    assertThat(condition.get("condition")).as(name + " waits for the one-shot " + target + " to succeed")
                            .isEqualTo("service_completed_successfully");
                    return;
                }
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
        List<String> oneShots = services.entrySet().stream().filter(s -> "no".equals(s.getValue().get("restart"))).map(Map.Entry::getKey).toList();
        assertThat(oneShots).contains("kibana-init", "connect-init", "kafka-init", "elasticsearch-init");
        for (String oneShot : oneShots) {
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
        services.forEach((name, service) -> objects(service.get("secrets")).forEach(secret -> assertThat(secrets)
                .as(name + "'s secret " + secret).containsKey(secret instanceof String named ? named : (String) map(secret).get("source"))));
        assertThat(read(".gitignore")).contains("secrets/").containsPattern("(?m)^\\.env$");
        // Vigil's own environment holds no secret: no password or key is put in it from .env.
        map(services.get("vigil").get("environment")).forEach((name, value) -> assertThat(String.valueOf(value))
                .as("vigil's " + name).doesNotContainPattern("\\$\\{[A-Z_]*(PASSWORD|KEY)[A-Z_]*"));
    }

    @Test
    void everySettingVigilIsGivenIsOneApplicationYamlReads() {
        Set<String> given = new LinkedHashSet<>(map(services.get("vigil").get("environment")).keySet());
        given.removeIf(name -> name.startsWith("SPRING_")); // Spring Boot's own (SPRING_CONFIG_IMPORT)
        // Compose's secrets given as files of the config tree (/run/secrets/<NAME>).
        secretPaths("vigil").stream().filter(path -> path.matches("/run/secrets/VIGIL_[A-Z0-9_]+"))
                .forEach(path -> given.add(path.substring("/run/secrets/".length())));
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

    @Test
    void kafkaSpeaksSaslSslOnEveryListenerAndAuthorizesEveryRequest() {
        Map<String, Object> kafka = environment("kafka");
        Map<String, String> protocols = new LinkedHashMap<>();
        for (String entry : String.valueOf(kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).split(",")) {
            String[] listener = entry.strip().split(":");
            protocols.put(listener[0], listener[1]);
        }
        Set<String> listeners = new LinkedHashSet<>();
        for (String variable : List.of("KAFKA_LISTENERS", "KAFKA_ADVERTISED_LISTENERS")) {
            for (String listener : String.valueOf(kafka.get(variable)).split(",")) {
                listeners.add(listener.strip().substring(0, listener.strip().indexOf("://")));
            }
        }
        listeners.addAll(List.of(String.valueOf(kafka.get("KAFKA_CONTROLLER_LISTENER_NAMES")).split(",")));
        // The controller listener too: with it in clear text the broker's own login would cross the
        // network readable, and an anonymous principal would have to be a super user.
        assertThat(listeners).isNotEmpty().allSatisfy(listener -> assertThat(protocols.get(listener))
                .as("Kafka listener " + listener + ": anything but SASL_SSL lets whoever reaches it read the readings or write the topics "
                        + "without a password, or in clear text")
                .isEqualTo("SASL_SSL"));
        assertThat(kafka.get("KAFKA_AUTHORIZER_CLASS_NAME")).as("Kafka's authorizer: without one every user may do everything")
                .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(String.valueOf(kafka.getOrDefault("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false")))
                .as("a topic without ACLs would be open to every user").isEqualTo("false");
        assertThat(String.valueOf(kafka.get("KAFKA_SUPER_USERS")).split(";")).as("Kafka's super users").containsExactly("User:admin");
        // The broker's users, key and CA are files compose mounts from secrets/.
        assertThat(secretPaths("kafka")).as("the broker's secrets").contains(
                jaasFile("kafka", kafka), String.valueOf(kafka.get("KAFKA_SSL_KEYSTORE_LOCATION")),
                String.valueOf(kafka.get("KAFKA_SSL_TRUSTSTORE_LOCATION")));
        // Vigil's clients log in with the client file compose mounts for them.
        Object clientConfig = environment("vigil").get("VIGIL_KAFKA_CLIENT_CONFIG");
        assertThat(clientConfig).as("Vigil's Kafka client settings (SASL_SSL, its user): without them it cannot reach the broker").isNotNull();
        assertThat(secretPaths("vigil")).as("Vigil's Kafka client file is one of its secrets").contains(String.valueOf(clientConfig));
        assertThat(String.valueOf(environment("vigil").get("VIGIL_KAFKA_BROKERS"))).as("Vigil's brokers: the SASL_SSL listener inside compose")
                .isEqualTo("kafka:" + String.valueOf(kafka.get("KAFKA_ADVERTISED_LISTENERS")).replaceAll(".*INTERNAL://kafka:(\\d+).*", "$1"));
    }

    @Test
    void composeKafkaAclsLetTheGatewayWriteOnlyTheRawTopicAndOnlyVigilWriteCommandsAndSpecialties() {
        String file = "deploy/compose/kafka-acls.sh";
        assertThat(strings(services.get("kafka-init").get("entrypoint"))).as("kafka-init runs " + file).contains("/deploy/kafka-acls.sh");
        for (String client : List.of("vigil", "kafka-connect")) {
            assertThat(map(map(services.get(client).get("depends_on")).get("kafka-init"))).as(client + " starts once its ACLs are in place")
                    .containsEntry("condition", "service_completed_successfully");
        }
        checkGrants(file, aclsOfScript(read(file)));
    }

    @Test
    void strimziKafkaUsersLetTheGatewayWriteOnlyTheRawTopicAndOnlyVigilWriteCommandsAndSpecialties() {
        String file = "deploy/kubernetes/clusters/kafka-users.yaml";
        List<Acl> acls = new ArrayList<>();
        List<Map<String, Object>> users = yamlDocuments(file).stream().filter(d -> "KafkaUser".equals(d.get("kind"))).toList();
        assertThat(users).extracting(u -> map(u.get("metadata")).get("name")).as(file + "'s users").contains("vigil", "gateway");
        for (Map<String, Object> user : users) {
            String name = (String) map(user.get("metadata")).get("name");
            Map<String, Object> spec = map(user.get("spec"));
            assertThat(map(spec.get("authentication")).get("type")).as(name + " logs in with a password (Strimzi's SCRAM)").isEqualTo("scram-sha-512");
            Map<String, Object> authorization = map(spec.get("authorization"));
            assertThat(authorization.get("type")).as(name + "'s ACLs are Kafka's (simple authorization)").isEqualTo("simple");
            for (Map<String, Object> rule : list(authorization.get("acls"))) {
                if ("deny".equals(rule.get("type"))) {
                    continue;
                }
                Map<String, Object> resource = map(rule.get("resource"));
                Set<String> operations = new TreeSet<>();
                strings(rule.get("operations")).forEach(o -> operations.add(o.toLowerCase(Locale.ROOT)));
                if (rule.get("operation") != null) {
                    operations.add(((String) rule.get("operation")).toLowerCase(Locale.ROOT));
                }
                String type = ((String) resource.get("type")).toLowerCase(Locale.ROOT);
                acls.add(new Acl("User:" + name, operations, type, "cluster".equals(type) ? "kafka-cluster" : (String) resource.get("name"),
                        "prefix".equals(resource.get("patternType"))));
            }
        }
        checkGrants(file, acls);
    }

    @Test
    void elasticsearchRunsWithSecurityAndTlsAndKibanaAndVigilLogInToIt() {
        Map<String, Object> elasticsearch = environment("elasticsearch");
        assertThat(String.valueOf(elasticsearch.get("xpack.security.enabled")))
                .as("Elasticsearch's security: off, whoever reaches port 9200 reads and deletes every index").isEqualTo("true");
        assertThat(String.valueOf(elasticsearch.get("xpack.security.http.ssl.enabled")))
                .as("Elasticsearch's HTTPS: off, passwords and patients' readings cross the network in clear text").isEqualTo("true");
        for (String file : List.of("xpack.security.http.ssl.key", "xpack.security.http.ssl.certificate")) {
            assertThat(secretPaths("elasticsearch")).as(file + ": a secret under the node's config directory")
                    .contains("/usr/share/elasticsearch/config/" + elasticsearch.get(file));
        }
        assertThat(elasticsearch).as("the elastic user's password is a file, not a value of the compose file").doesNotContainKey("ELASTIC_PASSWORD");
        assertThat(secretPaths("elasticsearch")).contains(String.valueOf(elasticsearch.get("ELASTIC_PASSWORD_FILE")));
        assertThat(strings(services.get("elasticsearch").get("volumes"))).as("the roles of deploy/elasticsearch/roles.yml")
                .contains("./deploy/elasticsearch/roles.yml:/usr/share/elasticsearch/config/roles.yml:ro");

        Map<String, Object> kibana = environment("kibana");
        assertThat(String.valueOf(kibana.get("ELASTICSEARCH_HOSTS"))).as("Kibana reaches Elasticsearch over HTTPS").startsWith("https://");
        assertThat(kibana.get("ELASTICSEARCH_USERNAME")).as("Kibana's own user (never the superuser)").isEqualTo("kibana_system");
        assertThat(String.valueOf(kibana.get("ELASTICSEARCH_PASSWORD"))).as("kibana_system's password comes from .env, required")
                .matches("\\$\\{VIGIL_[A-Z0-9_]*PASSWORD[A-Z0-9_]*:\\?[^}]*}");
        assertThat(secretPaths("kibana")).as("the CA Kibana trusts Elasticsearch's certificate by")
                .contains(String.valueOf(kibana.get("ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES")));

        Map<String, Object> vigil = environment("vigil");
        assertThat(String.valueOf(vigil.get("VIGIL_ELASTICSEARCH_URIS"))).as("Vigil reaches Elasticsearch over HTTPS").startsWith("https://");
        assertThat(String.valueOf(vigil.get("VIGIL_ELASTICSEARCH_USERNAME"))).as("Vigil's Elasticsearch user").isNotBlank().isNotEqualTo("null");
        assertThat(vigil.get("VIGIL_ELASTICSEARCH_SSL_BUNDLE")).as("the SSL bundle with Elasticsearch's CA").isEqualTo(elasticsearchBundle());
        assertThat(secretPaths("vigil")).as("Vigil's Elasticsearch password and CA, files of its config tree")
                .contains("/run/secrets/VIGIL_ELASTICSEARCH_PASSWORD", "/run/secrets/VIGIL_ELASTICSEARCH_CA");
        // The users elasticsearch-init makes: Vigil's has the writer role, kibana-init's exists, every role is one of roles.yml.
        Map<String, String> users = elasticsearchUsers();
        assertThat(users).as("deploy/compose/elasticsearch-users.sh's users")
                .containsEntry(String.valueOf(vigil.get("VIGIL_ELASTICSEARCH_USERNAME")), "vigil_writer")
                .containsKey(String.valueOf(environment("kibana-init").get("KIBANA_USER")));
        Map<String, Object> roles = yaml("deploy/elasticsearch/roles.yml");
        assertThat(users.values()).as("roles of deploy/elasticsearch/roles.yml").allSatisfy(role -> assertThat(roles).containsKey(role));
    }

    @Test
    void vigilReadsElasticsearchCredentialsEmptyByDefault() {
        Map<String, Object> spring = map(map(new Yaml().loadAll(read("src/main/resources/application.yaml")).iterator().next()).get("spring"));
        Map<String, Object> elasticsearch = map(spring.get("elasticsearch"));
        assertThat(elasticsearch).as("spring.elasticsearch: unset by default (a local Elasticsearch without security)")
                .containsEntry("username", "${VIGIL_ELASTICSEARCH_USERNAME:}")
                .containsEntry("password", "${VIGIL_ELASTICSEARCH_PASSWORD:}");
        assertThat(map(map(elasticsearch.get("restclient")).get("ssl"))).containsEntry("bundle", "${VIGIL_ELASTICSEARCH_SSL_BUNDLE:}");
        assertThat(map(map(map(map(map(spring.get("ssl")).get("bundle")).get("pem")).get(elasticsearchBundle())).get("truststore")))
                .as("the bundle the deployments name trusts the CA they give").containsEntry("certificate", "${VIGIL_ELASTICSEARCH_CA:}");
    }

    @Test
    void elasticsearchRolesGiveEachUserOnlyWhatItNeeds() {
        Map<String, Map<String, Object>> roles = map(yaml("deploy/elasticsearch/roles.yml"));
        String indexPrefix = defaultOf((String) map(vigilSettings.get("elasticsearch")).get("index-prefix"));
        roles.forEach((name, role) -> {
            assertThat(strings(role.get("cluster"))).as(name + "'s cluster privileges").doesNotContain("all", "manage", "manage_security",
                    "manage_api_key", "manage_own_api_key", "manage_ilm", "manage_pipeline");
            for (Map<String, Object> indices : list(role.get("indices"))) {
                assertThat(strings(indices.get("names"))).as(name + "'s indices: Vigil's only").allSatisfy(index -> assertThat(index).startsWith(indexPrefix));
                assertThat(strings(indices.get("privileges"))).as(name + "'s index privileges").doesNotContain("all", "manage", "delete", "delete_index");
            }
        });
        assertThat(strings(roles.get("vigil_writer").get("cluster"))).as("Vigil puts its index template").contains("manage_index_templates");
        assertThat(strings(roles.get("vigil_writer").get("cluster"))).as("Vigil may not list the nodes: Spring Boot's sniffer would "
                + "swap the https URI for http://<node address>").doesNotContain("monitor", "cluster:monitor/nodes/info", "cluster:monitor/*");
        assertThat(list(roles.get("vigil_writer").get("indices"))).anySatisfy(indices -> assertThat(strings(indices.get("privileges")))
                .as("Vigil creates, writes and reads its indices").contains("create_index", "index", "read"));
        Map<String, Object> reader = roles.get("vigil_kibana_reader");
        assertThat(list(reader.get("indices"))).allSatisfy(indices -> assertThat(strings(indices.get("privileges")))
                .as("Kibana's readers read only").isSubsetOf("read", "view_index_metadata"));
        assertThat(list(reader.get("applications"))).allSatisfy(application -> assertThat(strings(application.get("privileges")))
                .as("Kibana's readers change nothing in Kibana").isSubsetOf("read"));
    }

    @Test
    void kafkaConnectsRestApiAsksForAPasswordAndItsClientsUseSaslSsl() {
        Properties worker = properties("connectors/connect-distributed.properties");
        assertThat(worker.getProperty("rest.extension.classes", ""))
                .as("Connect's REST API without the basic-auth extension: whoever reaches it registers, reads or deletes connectors")
                .contains("org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension");
        // The worker's own clients, and its sinks' consumers, dead-letter producers and admin clients.
        for (String prefix : List.of("", "consumer.", "producer.", "admin.")) {
            assertThat(worker.getProperty(prefix + "security.protocol")).as("Connect's " + prefix + "security.protocol").isEqualTo("SASL_SSL");
            assertThat(secretPaths("kafka-connect")).as("Connect's " + prefix + "ssl.truststore.location")
                    .contains(worker.getProperty(prefix + "ssl.truststore.location"));
        }
        assertThat(worker.stringPropertyNames()).as("no password in the committed worker file").noneMatch(name -> name.endsWith("sasl.jaas.config"));
        Map<String, Object> connect = environment("kafka-connect");
        assertThat(secretPaths("kafka-connect")).as("Connect's JAAS file (its Kafka login and its REST users)").contains(jaasFile("kafka-connect", connect));
        assertThat(String.valueOf(map(services.get("kafka-connect").get("healthcheck")).get("test")))
                .as("Connect's health check asks for the 401 a request without credentials gets").contains("401");
        // register.sh sends the credentials with every call.
        List<String> calls = Stream.of(read("connectors/register.sh").split("\n")).map(String::strip)
                .filter(line -> !line.startsWith("#") && line.matches(".*\\bcurl\\b.*")).toList();
        assertThat(calls).as("register.sh's calls to Connect").isNotEmpty()
                .allSatisfy(call -> assertThat(call).as("a call without the credentials' curl config").contains("-K \"$WORK/curlrc\""));
        Map<String, Object> init = environment("connect-init");
        assertThat(String.valueOf(init.get("CONNECT_USER"))).as("connect-init's REST user").isNotBlank().isNotEqualTo("null");
        assertThat(secretPaths("connect-init")).as("connect-init's password file").contains(String.valueOf(init.get("CONNECT_PASSWORD_FILE")));
    }

    @Test
    void kubernetesGivesVigilKafkaAndElasticsearchCredentialsAsFiles() {
        Map<String, String> settings = new LinkedHashMap<>();
        strings(first(kustomizationGenerator("vigil-settings"), "literals"))
                .forEach(l -> settings.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        String mount = list(container().get("volumeMounts")).stream().filter(m -> "secrets".equals(m.get("name")))
                .map(m -> (String) m.get("mountPath")).findFirst().orElseThrow();
        List<String> files = secretVolumeItems().stream().map(item -> mount + "/" + item.get("path")).toList();
        assertThat(settings.get("VIGIL_KAFKA_CLIENT_CONFIG")).as("Vigil's Kafka client file (SASL_SSL, its KafkaUser): without it Vigil speaks "
                + "plain Kafka").isNotBlank();
        assertThat(files).as("the Kafka client file is one of vigil-secrets").contains(settings.get("VIGIL_KAFKA_CLIENT_CONFIG"));
        assertThat(settings.get("VIGIL_KAFKA_BROKERS").split(",")).as("Strimzi's TLS listener (9093), not its plain one (9092)")
                .allSatisfy(broker -> assertThat(broker).endsWith(":9093"));
        assertThat(settings.get("VIGIL_ELASTICSEARCH_URIS").split(",")).as("Elasticsearch over HTTPS").allSatisfy(uri -> assertThat(uri).startsWith("https://"));
        assertThat(settings.get("VIGIL_ELASTICSEARCH_USERNAME")).as("Vigil's Elasticsearch user").isNotBlank();
        assertThat(settings.get("VIGIL_ELASTICSEARCH_SSL_BUNDLE")).as("the SSL bundle with ECK's CA").isEqualTo(elasticsearchBundle());
        assertThat(files).as("Vigil's Elasticsearch password and CA, files of the config tree")
                .contains(mount + "/app/VIGIL_ELASTICSEARCH_PASSWORD", mount + "/app/VIGIL_ELASTICSEARCH_CA");
    }

    @Test
    void networkPoliciesDenyByDefaultAndOpenOnlyWhatVigilNeeds() {
        assertThat(strings(kustomization.get("resources"))).contains("network-policies.yaml");
        List<Map<String, Object>> policies = yamlDocuments("deploy/kubernetes/network-policies.yaml");
        assertThat(policies).allSatisfy(p -> assertThat(p.get("kind")).isEqualTo("NetworkPolicy"));
        Map<String, Object> defaultDeny = policies.stream().filter(p -> {
            Map<String, Object> spec = map(p.get("spec"));
            Map<String, Object> selector = map(spec.get("podSelector"));
            return (selector == null || selector.isEmpty()) && strings(spec.get("policyTypes")).containsAll(List.of("Ingress", "Egress"));
        }).findFirst().orElse(null);
        assertThat(defaultDeny).as("a policy that selects every pod of the namespace for ingress and egress").isNotNull();
        assertThat(map(defaultDeny.get("spec"))).as("the default policy allows nothing").doesNotContainKeys("ingress", "egress");

        // What the engine pods take: their HTTP and MLLP ports (the Services'), never the management port.
        Set<Object> containerPorts = new LinkedHashSet<>();
        list(container().get("ports")).forEach(port -> {
            containerPorts.add(port.get("name"));
            containerPorts.add(port.get("containerPort"));
        });
        Set<Object> opened = new LinkedHashSet<>();
        Set<Integer> egressPorts = new LinkedHashSet<>();
        for (Map<String, Object> policy : policies) {
            if (policy == defaultDeny) {
                continue;
            }
            String name = (String) map(policy.get("metadata")).get("name");
            Map<String, Object> spec = map(policy.get("spec"));
            assertThat(map(map(spec.get("podSelector")).get("matchLabels"))).as(name + " selects the engine pods")
                    .containsEntry("app.kubernetes.io/component", "engine");
            for (Map<String, Object> rule : list(spec.get("ingress"))) {
                assertThat(list(rule.get("ports"))).as(name + ": an ingress rule without ports opens every port").isNotEmpty();
                list(rule.get("from")).forEach(peer -> assertThat(peer).as(name + ": a pod selector gets Vigil's labels from the kustomization")
                        .doesNotContainKey("podSelector"));
                list(rule.get("ports")).forEach(port -> opened.add(port.get("port")));
            }
            for (Map<String, Object> rule : list(spec.get("egress"))) {
                assertThat(list(rule.get("ports"))).as(name + ": an egress rule without ports opens every port").isNotEmpty();
                assertThat(list(rule.get("to"))).as(name + ": an egress rule without peers reaches everywhere").isNotEmpty()
                        .allSatisfy(peer -> assertThat(peer).as(name + ": peers are namespaces (a pod selector gets Vigil's labels)")
                                .containsKey("namespaceSelector").doesNotContainKey("podSelector"));
                list(rule.get("ports")).forEach(port -> egressPorts.add((Integer) port.get("port")));
            }
        }
        assertThat(opened).as("ports the policies open to the engine pods: the container's").allSatisfy(port -> assertThat(containerPorts).contains(port))
                .doesNotContain("management", 8081);
        manifests.stream().filter(m -> "Service".equals(m.get("kind"))).forEach(service -> list(map(service.get("spec")).get("ports"))
                .forEach(port -> assertThat(opened).as("Service " + map(service.get("metadata")).get("name") + "'s port is let in")
                        .contains(port.get("targetPort"))));
        // What they reach: DNS, Kafka's and Elasticsearch's ports as Vigil is given them, MongoDB's.
        Set<Integer> needed = new TreeSet<>(List.of(53, 27017));
        Map<String, String> settings = new LinkedHashMap<>();
        strings(first(kustomizationGenerator("vigil-settings"), "literals"))
                .forEach(l -> settings.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        for (String broker : settings.get("VIGIL_KAFKA_BROKERS").split(",")) {
            needed.add(Integer.parseInt(broker.substring(broker.lastIndexOf(':') + 1)));
        }
        for (String uri : settings.get("VIGIL_ELASTICSEARCH_URIS").split(",")) {
            needed.add(URI.create(uri).getPort());
        }
        assertThat(egressPorts).as("the ports the engine pods may reach").containsExactlyInAnyOrderElementsOf(needed);
    }

    /** The SSL bundle application.yaml defines for Elasticsearch's CA, which the deployments name. */
    private static String elasticsearchBundle() {
        return "vigil-elasticsearch";
    }

    /**
     * Who may write the raw, alert-command and specialty topics, in one deployment's ACLs: the gateway
     * writes (and describes) the raw topic by its literal name and nothing else, Vigil is the only
     * writer of the commands and specialties, nobody is granted as User:*, and Connect (where it has
     * a user) may read every topic its sinks store.
     */
    private void checkGrants(String where, List<Acl> acls) {
        assertThat(acls).as(where + "'s ACLs").isNotEmpty();
        assertThat(acls).as(where + ": an ACL for User:* grants every user").noneMatch(acl -> acl.principal().equals("User:*"));
        String raw = topic("raw");
        List<Acl> gateway = acls.stream().filter(acl -> acl.principal().equals("User:gateway")).toList();
        assertThat(gateway).as(where + ": the gateway's ACLs").isNotEmpty().allSatisfy(acl -> {
            assertThat(acl.resourceType() + " " + acl.name() + (acl.prefixed() ? "*" : ""))
                    .as(where + ": the gateway may use the raw topic only, by its literal name").isEqualTo("topic " + raw);
            assertThat(acl.operations()).as(where + ": the gateway may only write (and describe) the raw topic").isSubsetOf("write", "describe");
        });
        assertThat(gateway).as(where + ": the gateway may write the raw topic").anyMatch(Acl::writes);
        List<String> vigilOnly = new ArrayList<>(specialtyTopics());
        vigilOnly.add(topic("alert-commands"));
        for (String topic : vigilOnly) {
            Set<String> writers = acls.stream().filter(acl -> acl.writes() && acl.covers("topic", topic)).map(Acl::principal)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(writers).as(where + ": who may write " + topic + " (caregivers' commands, a specialty's records): Vigil only")
                    .containsExactly("User:vigil");
        }
        List<Acl> connect = acls.stream().filter(acl -> acl.principal().equals("User:connect")).toList();
        if (!connect.isEmpty()) {
            assertThat(sinkTopics()).allSatisfy(topic -> assertThat(connect).as(where + ": Connect reads " + topic + ", which a sink of connectors/ stores")
                    .anyMatch(acl -> acl.covers("topic", topic) && (acl.operations().contains("read") || acl.operations().contains("all"))));
        }
    }

    /** One Kafka ACL: an allowed principal, its operations (lower case) and the resource. */
    private record Acl(String principal, Set<String> operations, String resourceType, String name, boolean prefixed) {

        boolean writes() {
            return operations.contains("write") || operations.contains("all");
        }

        boolean covers(String type, String resource) {
            return resourceType.equals(type) && ("*".equals(name) || (prefixed ? resource.startsWith(name) : resource.equals(name)));
        }
    }

    /** The ACLs a script grants: each line (not a comment) with kafka-acls.sh's --allow-principal. */
    private static List<Acl> aclsOfScript(String script) {
        List<Acl> acls = new ArrayList<>();
        for (String line : script.split("\n")) {
            String code = line.strip();
            if (code.startsWith("#") || !code.contains("--allow-principal")) {
                continue;
            }
            assertThat(code).as("one ACL a line, so that this test reads all of it: " + code).doesNotEndWith("\\");
            String[] tokens = code.replace("\"", "").replace("'", "").split("\\s+");
            String principal = null;
            Set<String> operations = new TreeSet<>();
            List<String[]> resources = new ArrayList<>();
            boolean prefixed = false;
            for (int i = 0; i < tokens.length; i++) {
                switch (tokens[i]) {
                    case "--allow-principal" -> principal = tokens[++i];
                    case "--operation" -> operations.add(tokens[++i].toLowerCase(Locale.ROOT));
                    case "--producer" -> operations.addAll(List.of("write", "describe", "create"));
                    case "--consumer" -> operations.addAll(List.of("read", "describe"));
                    case "--topic" -> resources.add(new String[] {"topic", tokens[++i]});
                    case "--group" -> resources.add(new String[] {"group", tokens[++i]});
                    case "--transactional-id" -> resources.add(new String[] {"transactionalid", tokens[++i]});
                    case "--cluster" -> resources.add(new String[] {"cluster", "kafka-cluster"});
                    case "--resource-pattern-type" -> prefixed = "prefixed".equalsIgnoreCase(tokens[++i]);
                    default -> {
                    }
                }
            }
            assertThat(principal).as(code).isNotNull();
            assertThat(resources).as("the resources of " + code).isNotEmpty();
            for (String[] resource : resources) {
                acls.add(new Acl(principal, operations, resource[0], resource[1], prefixed));
            }
        }
        return acls;
    }

    /** Every topic a sink of connectors/ stores. */
    private static List<String> sinkTopics() {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(ROOT.resolve("connectors"))) {
            List<String> topics = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                for (String topic : json.readTree(file.toFile()).path("config").path("topics").asText().split(",")) {
                    if (!topic.isBlank()) {
                        topics.add(topic.strip());
                    }
                }
            }
            return topics;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** application.yaml's topic prefix, as shipped (the default of VIGIL_KAFKA_TOPIC_PREFIX). */
    private String topicPrefix() {
        return defaultOf((String) map(vigilSettings.get("kafka")).get("topic-prefix"));
    }

    /** One of vigil.kafka.topics, e.g. raw or alert-commands, as shipped. */
    private String topic(String key) {
        String name = (String) map(map(vigilSettings.get("kafka")).get("topics")).get(key);
        assertThat(name).as("vigil.kafka.topics." + key).isNotNull();
        return name.replace("${vigil.kafka.topic-prefix}", topicPrefix());
    }

    /** Each specialty's topic: its topic: setting, or the prefix and its name. */
    private List<String> specialtyTopics() {
        Map<String, Map<String, Object>> specialties = map(vigilSettings.get("specialties"));
        assertThat(specialties).as("vigil.specialties").isNotEmpty();
        return specialties.entrySet().stream().map(specialty -> specialty.getValue() != null && specialty.getValue().get("topic") != null
                ? (String) specialty.getValue().get("topic") : topicPrefix() + specialty.getKey()).toList();
    }

    /** ${NAME:default} gives default; anything else is itself. */
    private static String defaultOf(String value) {
        Matcher placeholder = Pattern.compile("\\$\\{[A-Za-z0-9_.-]+:([^}]*)}").matcher(value);
        return placeholder.matches() ? placeholder.group(1) : value;
    }

    /** The users deploy/compose/elasticsearch-users.sh makes (its "user NAME ROLE PASSWORD_FILE" lines): name to role. */
    private static Map<String, String> elasticsearchUsers() {
        Map<String, String> users = new LinkedHashMap<>();
        Matcher user = Pattern.compile("(?m)^user (\\S+) (\\S+) (\\S+)$").matcher(read("deploy/compose/elasticsearch-users.sh"));
        while (user.find()) {
            users.put(user.group(1), user.group(2));
        }
        return users;
    }

    private Map<String, Object> environment(String service) {
        Map<String, Object> environment = map(services.get(service).get("environment"));
        assertThat(environment).as(service + "'s environment").isNotNull();
        return environment;
    }

    /** Where compose mounts each secret of a service: /run/secrets/<name or target>, or the target's absolute path. */
    private Set<String> secretPaths(String service) {
        Set<String> paths = new LinkedHashSet<>();
        for (Object secret : objects(services.get(service).get("secrets"))) {
            String target = secret instanceof String name ? name
                    : (String) (map(secret).get("target") != null ? map(secret).get("target") : map(secret).get("source"));
            paths.add(target.startsWith("/") ? target : "/run/secrets/" + target);
        }
        return paths;
    }

    /** The JAAS file KAFKA_OPTS names (java.security.auth.login.config). */
    private static String jaasFile(String service, Map<String, Object> environment) {
        Matcher jaas = Pattern.compile("-Djava\\.security\\.auth\\.login\\.config=(\\S+)").matcher(String.valueOf(environment.get("KAFKA_OPTS")));
        assertThat(jaas.find()).as(service + "'s KAFKA_OPTS names its JAAS file (java.security.auth.login.config)").isTrue();
        return jaas.group(1);
    }

    private List<Map<String, Object>> secretVolumeItems() {
        Map<String, Object> secretVolume = list(podSpec().get("volumes")).stream().filter(v -> "secrets".equals(v.get("name")))
                .findFirst().orElseThrow();
        return list(map(secretVolume.get("secret")).get("items"));
    }

    private static Properties properties(String file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
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
    private static List<Object> objects(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }
}
