package org.vigil.security;

import java.io.InputStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.test.spring.junit5.DisableJmx;
import de.bwaldvogel.mongo.MongoServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.vigil.contract.Names;
import org.vigil.testsupport.MllpTestClient;
import org.vigil.testsupport.TestCredentials;
import org.vigil.testsupport.TestTls;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who may call what, over real HTTP against the whole application: every endpoint Vigil serves
 * (found in Spring MVC's mappings, the actuator's endpoints and Camel's platform-http routes, so
 * a new one cannot slip past) is called by each kind of caller, and answers 401 without or with
 * wrong credentials, 403 to a caller without the role, and neither to one with it. Then a browser's
 * session: the login form, CSRF on a state-changing request, and the audit trail of it all.
 * All of it with TLS as an operator turns it on, with a certificate of a private CA
 * ({@link TestTls}): Vigil serves HTTPS only ({@code server.ssl.bundle}), and its MongoDB, a
 * server that speaks TLS only, is reached with {@code tls=true} and the bundle's truststore
 * ({@code spring.data.mongodb.ssl.bundle}): the audit trail read back was written over TLS.
 */
@VigilIntegrationTest("security")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisableJmx(false) // Camel's beans in JMX, as in the application, for the Jolokia test
class SecurityIT {

    private static final MongoServer TLS_MONGO = TestTls.startMongo();

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry registry) {
        TestTls.bundleProperties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("server.ssl.bundle", () -> TestTls.BUNDLE);
        // A stopped server is noticed in 3 s, not the driver's default 30 (the last test stops it).
        registry.add("spring.data.mongodb.uri", () -> TestTls.mongoUri(TLS_MONGO) + "&serverSelectionTimeoutMS=3000");
        registry.add("spring.data.mongodb.ssl.enabled", () -> "true");
        registry.add("spring.data.mongodb.ssl.bundle", () -> TestTls.BUNDLE);
        // Every call here comes from 127.0.0.1, the table's wrong passwords too: the address's own
        // limit is SignInThrottleTest's; the name's (5 a minute) is as shipped.
        registry.add("vigil.security.sign-in.max-failures-per-source", () -> "1000");
        // Anonymous refusals are written every half second here, not every 10 s.
        registry.add("vigil.security.audit.tally-interval-ms", () -> "500");
        // MLLP limits small enough for a test to cross: 64 KiB a message, two connections an address.
        registry.add("vigil.ingest.mllp.max-frame-bytes", () -> "65536");
        registry.add("vigil.ingest.mllp.max-connections-per-source", () -> "2");
        registry.add("vigil.ingest.mllp.read-timeout-ms", () -> "1000");
    }

    @AfterAll
    static void stopMongo() {
        TLS_MONGO.shutdownNow();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.concurrent.atomic.AtomicInteger PROBES = new java.util.concurrent.atomic.AtomicInteger();

    /** Who calls. */
    enum Caller { ANONYMOUS, WRONG_KEY, WRONG_PASSWORD, GATEWAY, CAREGIVER, OPERATOR }

    /** Wrong credentials are refused (401) everywhere, also where none are needed. */
    private static final Set<Caller> ANYONE = EnumSet.of(Caller.ANONYMOUS, Caller.GATEWAY, Caller.CAREGIVER, Caller.OPERATOR);
    private static final Set<Caller> GATEWAYS = EnumSet.of(Caller.GATEWAY);
    private static final Set<Caller> CAREGIVERS = EnumSet.of(Caller.CAREGIVER);
    private static final Set<Caller> STAFF = EnumSet.of(Caller.CAREGIVER, Caller.OPERATOR);
    private static final Set<Caller> OPERATORS = EnumSet.of(Caller.OPERATOR);

    /** This test's own statement of who may call what ("METHOD path", {x} for a path variable). */
    private static final Map<String, Set<Caller>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("GET /actuator/health", ANYONE);
        ALLOWED.put("GET /actuator/health/{x}", ANYONE);
        ALLOWED.put("GET /actuator/health/{x}/{x}", ANYONE);
        ALLOWED.put("POST /ingest/csv", GATEWAYS);
        ALLOWED.put("POST /fhir", GATEWAYS);
        ALLOWED.put("POST /fhir/Observation", GATEWAYS);
        ALLOWED.put("GET /dashboard/", CAREGIVERS);
        ALLOWED.put("GET /dashboard/index.html", CAREGIVERS);
        ALLOWED.put("GET /api/alerts", CAREGIVERS);
        ALLOWED.put("GET /api/alerts/stream", CAREGIVERS);
        ALLOWED.put("GET /api/alerts/{x}/audit", CAREGIVERS);
        ALLOWED.put("POST /api/alerts/{x}/acknowledge", CAREGIVERS);
        ALLOWED.put("GET /api/patients", CAREGIVERS);
        ALLOWED.put("GET /api/patients/vitals", CAREGIVERS);
        ALLOWED.put("GET /api/overview", CAREGIVERS);
        ALLOWED.put("PUT /api/news2/hypercapnic", CAREGIVERS);
        ALLOWED.put("GET /api/pipeline/summary", STAFF);
        ALLOWED.put("GET /api/pipeline/routes", STAFF);
        ALLOWED.put("GET /api/pipeline/lag", STAFF);
        ALLOWED.put("GET /api/me", STAFF);
        ALLOWED.put("GET /webjars/echarts/5.3.1/dist/echarts.min.js", STAFF);
        ALLOWED.put("POST /api/deadletter/replay", OPERATORS);
        ALLOWED.put("GET /api/audit", OPERATORS);
        ALLOWED.put("GET /api/config", OPERATORS);
        ALLOWED.put("POST /api/config/rollback", OPERATORS);
        ALLOWED.put("POST /api/config/pull", OPERATORS);
        ALLOWED.put("GET /actuator", OPERATORS);
        ALLOWED.put("GET /actuator/info", OPERATORS);
        ALLOWED.put("GET /actuator/metrics", OPERATORS);
        ALLOWED.put("GET /actuator/metrics/{x}", OPERATORS);
        ALLOWED.put("GET /actuator/prometheus", OPERATORS);
        ALLOWED.put("GET /actuator/camelroutes", OPERATORS);
        ALLOWED.put("GET /actuator/camelroutes/{x}/{x}", OPERATORS);
        ALLOWED.put("POST /actuator/camelroutes/{x}/{x}", OPERATORS);
        ALLOWED.put("GET /actuator/hawtio", OPERATORS);
        ALLOWED.put("GET /actuator/hawtio/", OPERATORS);
        ALLOWED.put("GET /actuator/hawtio/plugin", OPERATORS);
        ALLOWED.put("GET /actuator/hawtio/{x}/{x}/{x}", OPERATORS);
        ALLOWED.put("GET /actuator/jolokia", OPERATORS);
        ALLOWED.put("POST /actuator/jolokia", OPERATORS);
        ALLOWED.put("GET /actuator/jolokia/version", OPERATORS);
    }

    /** Pages a browser opens: without credentials they send to the login page. */
    private static final Pattern PAGE = Pattern.compile("GET /(dashboard/.*|actuator/hawtio.*)");

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Value("${vigil.ingest.mllp.port}")
    int mllpPort;
    /** Spring MVC's own, Camel platform-http's and the actuator's controller endpoints. */
    @Autowired
    List<RequestMappingHandlerMapping> mappings;
    @Autowired
    WebEndpointsSupplier actuator;
    @Autowired
    CamelContext camel;

    private final HttpClient http = HttpClient.newBuilder().sslContext(TestTls.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Order(1)
    void everyEndpointIsInTheTestsTable() {
        Set<String> served = new TreeSet<>();
        mappings.stream().flatMap(mapping -> mapping.getHandlerMethods().keySet().stream()).forEach(info -> info.getPatternValues().forEach(pattern -> {
            var methods = info.getMethodsCondition().getMethods();
            if (methods.isEmpty()) {
                served.add("GET " + normalise(pattern));
            }
            methods.forEach(method -> served.add(method.name() + " " + normalise(pattern)));
        }));
        actuator.getEndpoints().forEach(endpoint -> endpoint.getOperations().forEach(operation -> {
            WebOperation web = operation;
            served.add(web.getRequestPredicate().getHttpMethod().name() + " /actuator/" + normalise(web.getRequestPredicate().getPath()));
        }));
        camel.getEndpoints().stream().filter(PlatformHttpEndpoint.class::isInstance).map(PlatformHttpEndpoint.class::cast)
                .forEach(endpoint -> served.add(endpoint.getHttpMethodRestrict() + " " + endpoint.getPath()));
        served.removeIf(endpoint -> endpoint.startsWith("GET /error") || endpoint.contains(" /error"));
        System.out.println("SecurityIT: endpoints served: " + served);
        assertThat(served).as("every endpoint Vigil serves is in this test's table of who may call it").isNotEmpty()
                .allSatisfy(endpoint -> assertThat(ALLOWED).containsKey(endpoint.replaceAll("/\\*\\*$", "/{x}/{x}")));
        assertThat(served).contains("POST /ingest/csv", "POST /fhir", "GET /api/alerts", "GET /actuator/metrics");
    }

    @Test
    @Order(2)
    void everyEndpointAnswersEachCallerAsItsRoleAllows() throws Exception {
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<String, Set<Caller>> endpoint : ALLOWED.entrySet()) {
            String method = endpoint.getKey().substring(0, endpoint.getKey().indexOf(' '));
            String path = endpoint.getKey().substring(method.length() + 1).replace("{x}", "x");
            for (Caller caller : Caller.values()) {
                int status = call(method, path, caller);
                calls++;
                boolean allowed = endpoint.getValue().contains(caller);
                String expected;
                boolean right;
                if (allowed) {
                    // Let through, and answered: a 5xx would hide whether the role was checked at all
                    // (health's 503 is its answer DOWN, e.g. while a consumer has not polled yet).
                    expected = "neither 401 nor 403, nor a server error";
                    right = status != 401 && status != 403 && (status < 500 || status == 503 && path.startsWith("/actuator/health"));
                } else if (caller == Caller.ANONYMOUS && PAGE.matcher(endpoint.getKey()).matches()) {
                    expected = "302 to the login page";
                    right = status == 302;
                } else if (caller == Caller.ANONYMOUS || caller == Caller.WRONG_KEY || caller == Caller.WRONG_PASSWORD) {
                    expected = "401";
                    right = status == 401;
                } else {
                    expected = "403";
                    right = status == 403;
                }
                if (!right) {
                    wrong.add(endpoint.getKey() + " as " + caller + ": " + status + ", expected " + expected);
                }
            }
        }
        System.out.printf("SecurityIT: %d endpoints x %d callers = %d calls, %d answered otherwise than expected%n",
                ALLOWED.size(), Caller.values().length, calls, wrong.size());
        assertThat(wrong).isEmpty();
    }

    @Test
    @Order(3)
    void aCaregiverSignsInAndAStateChangingRequestNeedsTheCsrfToken() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().sslContext(TestTls.clientContext()).cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(uri("/dashboard/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login");

        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(login.body());
        assertThat(csrf.find()).as("the login form carries a CSRF token: " + login.statusCode() + " " + login.body()).isTrue();
        HttpResponse<String> wrong = browser.send(form("/login", "username=" + TestCredentials.CAREGIVER + "&password=wrong&_csrf=" + csrf.group(1)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).contains("/login?error");
        HttpResponse<String> signedIn = browser.send(form("/login", "username=" + TestCredentials.CAREGIVER + "&password="
                + TestCredentials.PASSWORD + "&_csrf=" + csrf.group(1)), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).as("back to the page asked for").contains("/dashboard/");

        HttpResponse<String> me = browser.send(HttpRequest.newBuilder(uri("/api/me")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(me.body()).path("name").asText()).isEqualTo(TestCredentials.CAREGIVER);
        assertThat(browser.send(HttpRequest.newBuilder(uri("/dashboard/")).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(200);

        // Another site's page could make the browser POST with its session cookie, but not read the XSRF-TOKEN cookie.
        HttpRequest.Builder acknowledge = HttpRequest.newBuilder(uri("/api/alerts/no-such-alert/acknowledge")).POST(HttpRequest.BodyPublishers.noBody());
        assertThat(browser.send(acknowledge.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).as("without the token").isEqualTo(403);
        String token = cookies.getCookieStore().getCookies().stream().filter(c -> "XSRF-TOKEN".equals(c.getName()))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
        assertThat(browser.send(acknowledge.header("X-XSRF-TOKEN", token).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .as("with the token: on to the alert, which does not exist").isEqualTo(404);
        // A caregiver is not an operator, in a session as with Basic.
        assertThat(browser.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(403);

        // Signing in straight away (no page asked for first): caregivers land on the dashboard, operators on Hawtio.
        assertThat(landingOf(TestCredentials.OPERATOR)).endsWith("/actuator/hawtio/");
        assertThat(landingOf(TestCredentials.CAREGIVER)).endsWith("/dashboard/");
    }

    @Test
    @Order(7)
    void signInsAreAuditedWithTheNameTriedAndTheFormRefusesAnotherSitesPost() throws Exception {
        // Another site's page posting the login form with credentials of its choosing (login CSRF): no token, no sign-in.
        HttpClient crossSite = HttpClient.newBuilder().sslContext(TestTls.clientContext()).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> forged = crossSite.send(form("/login", "username=" + TestCredentials.CAREGIVER + "&password="
                + TestCredentials.PASSWORD), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).as("a sign-in without the form's CSRF token").isEqualTo(403);
        assertThat(crossSite.send(HttpRequest.newBuilder(uri("/api/me")).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .as("the browser is not signed in").isEqualTo(401);

        // A prober's 401 leaves no session behind (a session per refused request would be a cheap flood).
        HttpResponse<Void> probe = http.send(HttpRequest.newBuilder(uri("/api/patients")).header("Authorization",
                TestCredentials.basic("mallory-tried", "guess")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(probe.statusCode()).isEqualTo(401);
        assertThat(probe.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("JSESSIONID"));

        HttpClient browser = HttpClient.newBuilder().sslContext(TestTls.clientContext()).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String page = browser.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).isTrue();
        browser.send(form("/login", "username=" + TestCredentials.OPERATOR + "&password=wrong&_csrf=" + csrf.group(1)),
                HttpResponse.BodyHandlers.discarding());
        assertThat(landingOf(TestCredentials.OPERATOR)).endsWith("/actuator/hawtio/");

        HttpResponse<String> answer = http.send(TestCredentials.asOperator(HttpRequest.newBuilder(uri("/api/audit?limit=1000"))).build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> lines = new ArrayList<>();
        JSON.readTree(answer.body()).forEach(entry -> lines.add(entry.path("who").asText() + " " + entry.path("action").asText() + " "
                + entry.path("method").asText() + " " + entry.path("path").asText() + " from " + entry.path("from").asText()));
        assertThat(lines).contains(
                "mallory-tried SIGN_IN_REFUSED GET /api/patients from 127.0.0.1",
                TestCredentials.OPERATOR + " SIGN_IN_REFUSED POST /login from 127.0.0.1",
                TestCredentials.OPERATOR + " SIGN_IN POST /login from 127.0.0.1");
    }

    @Test
    @Order(8)
    void pagesCarryTheirPoliciesCookiesStayOnTheSiteAndASessionAlwaysNeedsTheToken() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().sslContext(TestTls.clientContext()).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(login.body());
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> signedIn = browser.send(form("/login", "username=" + TestCredentials.CAREGIVER + "&password="
                + TestCredentials.PASSWORD + "&_csrf=" + csrf.group(1)), HttpResponse.BodyHandlers.ofString());
        List<String> setCookies = new ArrayList<>(login.headers().allValues("Set-Cookie"));
        setCookies.addAll(signedIn.headers().allValues("Set-Cookie"));
        assertThat(setCookies).filteredOn(c -> c.startsWith("JSESSIONID=")).isNotEmpty()
                .allSatisfy(c -> assertThat(c).containsIgnoringCase("SameSite=Lax").containsIgnoringCase("Secure").containsIgnoringCase("HttpOnly"));
        assertThat(setCookies).filteredOn(c -> c.startsWith("XSRF-TOKEN=") && !c.startsWith("XSRF-TOKEN=;")).isNotEmpty()
                .allSatisfy(c -> assertThat(c).containsIgnoringCase("SameSite=Strict").containsIgnoringCase("Secure"));

        HttpResponse<Void> dashboard = browser.send(HttpRequest.newBuilder(uri("/dashboard/")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self'", "object-src 'none'", "frame-ancestors 'none'").doesNotContain("unsafe-eval");
        assertThat(dashboard.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(dashboard.headers().firstValue("Permissions-Policy").orElse("")).contains("camera=()", "geolocation=()");

        // A header of any kind beside the session cookie does not excuse the token: the session is what authenticates.
        HttpRequest.Builder acknowledge = HttpRequest.newBuilder(uri("/api/alerts/no-such-alert/acknowledge"))
                .header("Authorization", "Bearer not-a-credential-vigil-reads").POST(HttpRequest.BodyPublishers.noBody());
        assertThat(browser.send(acknowledge.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);

        // The SpO2 scale only for a patient Vigil knows: a mistyped id keeps nothing.
        HttpResponse<String> unknown = http.send(TestCredentials.asCaregiver(HttpRequest.newBuilder(
                        uri("/api/news2/hypercapnic?patient=Patient/never-seen-" + System.nanoTime() + "&value=true")))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    @Order(10)
    void theSixthWrongPasswordInAMinuteIsThrottledForThatNameOnlyAndAudited() throws Exception {
        String name = TestCredentials.FORGETFUL;
        HttpRequest.Builder wrong = HttpRequest.newBuilder(uri("/api/me")).header("Authorization", TestCredentials.basic(name, "not-it"));
        for (int i = 1; i <= 5; i++) {
            assertThat(http.send(wrong.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).as("wrong password %d", i).isEqualTo(401);
        }
        HttpRequest.Builder right = HttpRequest.newBuilder(uri("/api/me")).header("Authorization", TestCredentials.basic(name, TestCredentials.PASSWORD));
        HttpResponse<String> throttled = http.send(right.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(throttled.statusCode()).as("the sixth sign-in in the minute, even with the right password").isEqualTo(429);
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(throttled.body()).contains("Too many failed sign-ins");

        // The login form is the same door.
        HttpClient browser = HttpClient.newBuilder().sslContext(TestTls.clientContext()).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
                .matcher(browser.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> form = browser.send(form("/login", "username=" + name + "&password=" + TestCredentials.PASSWORD
                + "&_csrf=" + csrf.group(1)), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(429);

        // Nobody else waits.
        assertThat(http.send(TestCredentials.asCaregiver(HttpRequest.newBuilder(uri("/api/me"))).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode entries = JSON.readTree(http.send(TestCredentials.asOperator(HttpRequest.newBuilder(uri("/api/audit?who=" + name + "&limit=100")))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            List<String> actions = new ArrayList<>();
            int throttledCount = 0;
            for (JsonNode entry : entries) {
                actions.add(entry.path("action").asText());
                if (entry.path("action").asText().equals("SIGN_IN_THROTTLED")) {
                    throttledCount += entry.path("count").asInt();
                }
            }
            assertThat(actions).filteredOn("SIGN_IN_REFUSED"::equals).hasSize(5);
            assertThat(throttledCount).as("both throttled sign-ins, counted").isEqualTo(2);
        });
    }

    @Test
    @Order(11)
    void aFloodOfAnonymousRefusalsIsAFewAuditEntriesAndNoSessions() throws Exception {
        String path = "/api/alerts/flood-" + System.nanoTime() + "/audit"; // a path only this test calls
        int flood = 60;
        for (int i = 0; i < flood; i++) {
            HttpResponse<Void> refused = http.send(HttpRequest.newBuilder(uri(path + "?probe=" + i)).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().allValues("Set-Cookie")).as("no session for a refused request (the CSRF cookie is no server state)")
                    .noneMatch(cookie -> cookie.startsWith("JSESSIONID"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode entries = JSON.readTree(http.send(TestCredentials.asOperator(HttpRequest.newBuilder(uri("/api/audit?who=anonymous&limit=1000")))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            int counted = 0;
            int written = 0;
            for (JsonNode entry : entries) {
                if (entry.path("path").asText().equals(path) && entry.path("action").asText().equals("REFUSED")) {
                    counted += entry.path("count").asInt();
                    written++;
                }
            }
            assertThat(counted).as("every refusal counted").isEqualTo(flood);
            assertThat(written).as("in a few entries, not one each").isLessThan(flood / 4);
        });
    }

    @Test
    @Order(12)
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void mllpAnswersAnOversizedMessageArLimitsConnectionsPerAddressAndLogsNoSegmentWhateverItsSeparator(
            org.springframework.boot.test.system.CapturedOutput log) throws Exception {
        String header = "MSH|^~\\&|MONITOR|ICU|VIGIL|HOSP|20261207080000||ORU^R01^ORU_R01|BIG-1|P|2.6\r";
        String oversized = header + "PID|1||4711^^^HOSP^MR||Big^Body\r" + "NTE|1||" + "x".repeat(70_000) + "\r";
        try (MllpTestClient first = new MllpTestClient(mllpPort, Duration.ofSeconds(20));
             MllpTestClient second = new MllpTestClient(mllpPort, Duration.ofSeconds(20))) {
            String ack = first.exchange(oversized.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThat(ack).as("an answer, not a closed connection").isNotNull();
            assertThat(ack).contains("MSA|AR|BIG-1").contains("the limit is 65536 (vigil.ingest.mllp.max-frame-bytes)");

            // Two connections from this address are open; a third is closed on arrival, and served again once one closes.
            try (MllpTestClient third = new MllpTestClient(mllpPort, Duration.ofSeconds(5))) {
                assertThat(third.closedByPeer()).as("a third connection from one address").isTrue();
            }
            second.close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (MllpTestClient again = new MllpTestClient(mllpPort, Duration.ofSeconds(5))) {
                    assertThat(again.exchange((header.replace("BIG-1", "SMALL-1") + "PID|1||4711^^^HOSP^MR||Small^Body\r")
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).as("served once a slot is free").contains("|SMALL-1");
                }
            });
        }

        // A sender whose field separator is '#': one message whole, one left unfinished (camel-mllp logs what it got of it).
        String secret = "Qx" + System.nanoTime();
        String hashSeparated = "MSH#^~\\&#MONITOR#ICU#VIGIL#HOSP#20261207080000##ORU^R01^ORU_R01#HASH-1#P#2.6\r"
                + "PID#1##MRN-" + secret + "^^^HOSP^MR##" + secret + "^Jane\r"
                + "OBX#1#NM#8867-4^Heart rate^LN##72#/min###N###F\r";
        try (MllpTestClient sender = new MllpTestClient(mllpPort, Duration.ofSeconds(20))) {
            // Read like any other (its ACK in its own delimiters): its patient goes through the pipeline, and into no log line.
            assertThat(sender.exchange(hashSeparated.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).contains("MSA#AA#HASH-1");
        }
        try (MllpTestClient sender = new MllpTestClient(mllpPort, Duration.ofSeconds(20))) {
            sender.send(hashSeparated.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), false);
            // The listener gives up on the frame after its read timeout (1 s here) and says so in the log.
            assertThat(sender.closedByPeer()).as("the unfinished frame's connection is reset").isTrue();
        }
        Thread.sleep(500); // let the listener's lines about the dropped frame be written
        assertThat(log.getAll()).as("what camel-mllp and Vigil logged of the frames").doesNotContain(secret);
    }

    @Test
    @Order(20)
    @org.springframework.test.annotation.DirtiesContext // its MongoDB is stopped: no later test may use this application
    void patientDataIsNotServedWhenItsReadCannotBeAudited() throws Exception {
        HttpRequest.Builder patients = TestCredentials.asCaregiver(HttpRequest.newBuilder(uri("/api/patients")));
        assertThat(http.send(patients.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

        TLS_MONGO.shutdownNow(); // the audit trail's store is gone; the patients' data (Elasticsearch) is not
        HttpResponse<String> unaudited = http.send(patients.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(unaudited.statusCode()).as(unaudited.body()).isEqualTo(503);
        assertThat(unaudited.body()).contains("audit trail").doesNotContain("Patient/");
        assertThat(unaudited.headers().firstValue("Retry-After")).isPresent();
    }

    /** The audit trail as "who ACTION METHOD path status from address" lines (read now when {@code entries} is null). */
    private List<String> auditLines(JsonNode entries) throws Exception {
        JsonNode read = entries != null ? entries : JSON.readTree(http.send(TestCredentials.asOperator(
                HttpRequest.newBuilder(uri("/api/audit?limit=1000"))).build(), HttpResponse.BodyHandlers.ofString()).body());
        List<String> lines = new ArrayList<>();
        read.forEach(entry -> lines.add(entry.path("who").asText() + " " + entry.path("action").asText() + " " + entry.path("method").asText()
                + " " + entry.path("path").asText() + " " + entry.path("status").asInt() + " from " + entry.path("from").asText()));
        return lines;
    }

    private String landingOf(String user) throws Exception {
        HttpClient browser = HttpClient.newBuilder().sslContext(TestTls.clientContext()).cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        String page = browser.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).isTrue();
        return browser.send(form("/login", "username=" + user + "&password=" + TestCredentials.PASSWORD + "&_csrf=" + csrf.group(1)),
                HttpResponse.BodyHandlers.ofString()).headers().firstValue("Location").orElseThrow();
    }

    @Test
    @Order(4)
    void theAuditTrailSaysWhoReadAcknowledgedReplayedAndWasRefused() throws Exception {
        // Anonymous refusals are written once per interval (half a second here).
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(auditLines(null))
                .contains("anonymous REFUSED GET /api/patients 401 from 127.0.0.1"));
        HttpResponse<String> answer = http.send(TestCredentials.asOperator(HttpRequest.newBuilder(uri("/api/audit?limit=1000"))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode entries = JSON.readTree(answer.body());
        List<String> lines = auditLines(entries);
        System.out.println("SecurityIT: " + lines.size() + " audit entries, e.g. " + lines.subList(0, Math.min(5, lines.size())));
        assertThat(lines).contains(
                TestCredentials.CAREGIVER + " READ GET /api/patients 200 from 127.0.0.1",
                TestCredentials.CAREGIVER + " ACKNOWLEDGE POST /api/alerts/no-such-alert/acknowledge 404 from 127.0.0.1",
                TestCredentials.OPERATOR + " REPLAY POST /api/deadletter/replay 200 from 127.0.0.1",
                "anonymous REFUSED GET /api/patients 401 from 127.0.0.1",
                TestCredentials.GATEWAY + " REFUSED GET /api/patients 403 from 127.0.0.1",
                TestCredentials.CAREGIVER + " REFUSED POST /api/alerts/no-such-alert/acknowledge 403 from 127.0.0.1");
        assertThat(entries.get(0).path("at").asText()).as("newest first, with its time").isNotBlank();
        assertThat(lines).noneMatch(line -> line.contains("/ingest/csv 4") && !line.contains("REFUSED"));
    }

    @Test
    @Order(5)
    void onlyTlsIsServedAndOnlyWithTheCertificateTrusted() throws Exception {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> clear = plain.send(TestCredentials.asCaregiver(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/patients"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(clear.statusCode()).as("plain HTTP on the TLS port: " + clear.body()).isEqualTo(400);
        assertThat(clear.body()).doesNotContain("Patient/");
        // The JVM's default truststore does not hold the private CA: no connection, no credentials sent.
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(uri("/actuator/health")).build(), HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        assertThat(http.send(HttpRequest.newBuilder(uri("/actuator/health")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .as("MongoDB over TLS is up").contains("\"UP\"");
    }

    @Test
    @Order(6)
    void jmxRunsByPostOnlyAndOnlyTheOperationsAnOperatorNeeds() throws Exception {
        // A cross-site GET (a link, an image) with the operator's credentials runs nothing, and
        // another site's origin is not echoed, so its page could not read an answer either.
        HttpResponse<String> viaGet = http.send(TestCredentials.asOperator(HttpRequest.newBuilder(
                uri("/actuator/jolokia/exec/java.lang:type=Memory/gc"))).header("Origin", "http://attacker.example").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(jolokiaStatus(viaGet)).as("exec by GET: " + viaGet.body()).isEqualTo(403);
        assertThat(viaGet.headers().firstValue("Access-Control-Allow-Origin")).as("no origin echoed").isEmpty();
        HttpResponse<String> readViaGet = http.send(TestCredentials.asOperator(HttpRequest.newBuilder(
                uri("/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(jolokiaStatus(readViaGet)).as("any request by GET").isEqualTo(403);

        // By POST an operator reads, searches, runs a GC and stops and starts a route (Hawtio, the bench, the memory test).
        // The names Camel registered its beans under (its management name differs per test context).
        var names = camel.getManagementStrategy().getManagementObjectNameStrategy();
        String route = names.getObjectNameForRoute(camel.getRoute(Names.Route.ALERT_SPIKE)).getCanonicalName();
        String context = names.getObjectNameForCamelContext(camel).getCanonicalName().replace("\"", "\\\"");
        for (String allowed : List.of(
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}",
                "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}",
                "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}",
                "{\"type\":\"exec\",\"mbean\":\"" + route.replace("\"", "\\\"") + "\",\"operation\":\"stop()\"}",
                "{\"type\":\"exec\",\"mbean\":\"" + route.replace("\"", "\\\"") + "\",\"operation\":\"start()\"}")) {
            HttpResponse<String> answer = jolokia(allowed);
            assertThat(jolokiaStatus(answer)).as(allowed + " -> " + answer.body()).isEqualTo(200);
        }
        // Nothing that sends a message through Camel, evaluates an expression, writes an attribute,
        // runs a JVM diagnostic command, dumps the heap or reads the JVM's system properties.
        for (String refused : List.of(
                "{\"type\":\"exec\",\"mbean\":\"" + context + "\",\"operation\":\"requestBody(java.lang.String,java.lang.Object)\",\"arguments\":[\"language:simple:${env:HOME}\",\"x\"]}",
                "{\"type\":\"exec\",\"mbean\":\"" + context + "\",\"operation\":\"sendBody(java.lang.String,java.lang.Object)\",\"arguments\":[\"log:x\",\"x\"]}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"vmSystemProperties()\"}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"operation\":\"dumpHeap\",\"arguments\":[\"/tmp/vigil-heap.hprof\",true]}",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"SystemProperties\"}",
                "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}")) {
            HttpResponse<String> answer = jolokia(refused);
            assertThat(jolokiaStatus(answer)).as(refused + " -> " + answer.body()).isEqualTo(403);
        }
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/vigil-heap.hprof"))).as("no heap dumped").isFalse();

        // Hawtio asks before it offers an operation, and hears the same policy: Vigil's JMX security
        // bean (not Hawtio's, which says yes to everything) answers from jolokia-access.xml.
        String canInvoke = "{\"type\":\"exec\",\"mbean\":\"" + JmxPolicy.NAME + "\",\"operation\":\"canInvoke(java.lang.String,java.lang.String)\","
                + "\"arguments\":[\"%s\",\"%s\"]}";
        Map<String, Boolean> offered = new LinkedHashMap<>();
        offered.put(route.replace("\"", "\\\"") + " stop()", true);
        offered.put("java.lang:type=Memory gc()", true);
        offered.put(context + " requestBody(java.lang.String,java.lang.Object)", false);
        offered.put("com.sun.management:type=HotSpotDiagnostic dumpHeap(java.lang.String,boolean)", false);
        offered.put("com.sun.management:type=DiagnosticCommand jvmtiAgentLoad([Ljava.lang.String;)", false);
        for (Map.Entry<String, Boolean> question : offered.entrySet()) {
            int space = question.getKey().lastIndexOf(' ');
            HttpResponse<String> answer = jolokia(String.format(canInvoke, question.getKey().substring(0, space), question.getKey().substring(space + 1)));
            assertThat(jolokiaStatus(answer)).as(answer.body()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).path("value").asBoolean()).as("Hawtio offers " + question.getKey()).isEqualTo(question.getValue());
        }
        HttpResponse<String> bulk = jolokia("{\"type\":\"exec\",\"mbean\":\"" + JmxPolicy.NAME + "\",\"operation\":\"canInvoke(java.util.Map)\","
                + "\"arguments\":[{\"java.lang:type=Memory\":[\"gc()\"],\"com.sun.management:type=HotSpotDiagnostic\":[\"dumpHeap(java.lang.String,boolean)\"]}]}");
        assertThat(jolokiaStatus(bulk)).as(bulk.body()).isEqualTo(200);
        JsonNode rows = JSON.readTree(bulk.body()).path("value");
        assertThat(rows.path("java.lang:type=Memory").path("gc()").path("CanInvoke").asBoolean()).as(bulk.body()).isTrue();
        assertThat(rows.path("com.sun.management:type=HotSpotDiagnostic").path("dumpHeap(java.lang.String,boolean)").path("CanInvoke").asBoolean())
                .as(bulk.body()).isFalse();

        // Every JMX call is in the audit trail, the refused ones too, with what it called and Jolokia's answer to it.
        HttpResponse<String> audit = http.send(TestCredentials.asOperator(HttpRequest.newBuilder(uri("/api/audit?limit=1000"))).build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> jmx = new ArrayList<>();
        JSON.readTree(audit.body()).forEach(entry -> {
            if (entry.path("path").asText().startsWith("/actuator/jolokia")) {
                jmx.add(entry.path("who").asText() + " " + entry.path("action").asText() + " " + entry.path("method").asText() + " "
                        + entry.path("detail").asText());
            }
        });
        assertThat(jmx).contains(
                TestCredentials.OPERATOR + " JMX GET /exec/java.lang:type=Memory/gc -> 403",
                TestCredentials.OPERATOR + " JMX POST exec " + route + " stop() -> 200",
                TestCredentials.OPERATOR + " JMX POST exec com.sun.management:type=HotSpotDiagnostic dumpHeap -> 403",
                TestCredentials.OPERATOR + " JMX POST read java.lang:type=Runtime SystemProperties -> 403");
        assertThat(jmx).anySatisfy(line -> assertThat(line).contains(" requestBody(java.lang.String,java.lang.Object) -> 403"));
    }

    private HttpResponse<String> jolokia(String request) throws Exception {
        return http.send(TestCredentials.asOperator(HttpRequest.newBuilder(uri("/actuator/jolokia")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Jolokia's own status (in its JSON answer), else the HTTP status. */
    private static int jolokiaStatus(HttpResponse<String> answer) {
        try {
            JsonNode status = JSON.readTree(answer.body()).path("status");
            return status.isInt() ? status.asInt() : answer.statusCode();
        } catch (java.io.IOException e) {
            return answer.statusCode();
        }
    }

    private int call(String method, String path, Caller caller) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString(method.equals("POST") && path.contains("jolokia")
                ? "{\"type\":\"version\"}" : "");
        request.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : body);
        switch (caller) {
            case ANONYMOUS -> {
            }
            case WRONG_KEY -> request.header(ApiKeys.HEADER, ApiKeys.newKey());
            // A name of its own each time: five wrong passwords for one name lock it for a minute.
            case WRONG_PASSWORD -> request.header("Authorization", TestCredentials.basic("prober-" + PROBES.incrementAndGet(), "not-the-password"));
            case GATEWAY -> TestCredentials.asGateway(request);
            case CAREGIVER -> TestCredentials.asCaregiver(request);
            case OPERATOR -> TestCredentials.asOperator(request);
        }
        // The headers are the answer; a stream (SSE) is closed as soon as they are in.
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }

    private HttpRequest form(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + port + path);
    }

    /** {@code /api/alerts/{alertId}/audit} → {@code /api/alerts/{x}/audit}; {@code health/{*path}} → {x}/{x}. */
    private static String normalise(String pattern) {
        return pattern.replaceAll("\\{\\*[^}]*}", "{x}/{x}").replaceAll("\\{[^}]*}", "{x}");
    }
}
