package org.vigil.security;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.vigil.testsupport.TestCredentials;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production profile as the Dockerfile runs it: the actuator (Hawtio, Jolokia, metrics,
 * health) on the management port only, with the same sign-in, roles, CSRF and audit as the main
 * port; the main port serves ingest, the dashboard and the API, and no JMX at all.
 */
@VigilIntegrationTest("management")
@ActiveProfiles("production")
@TestPropertySource(properties = "management.server.port=0") // the profile's port, chosen free for the test
class ManagementPortIT {

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theMainPortServesNoActuatorAndTheManagementPortServesItToOperatorsOnly() throws Exception {
        assertThat(managementPort).isPositive().isNotEqualTo(port);
        String version = "{\"type\":\"version\"}";

        // Main port: no Jolokia, no Hawtio, not even for an operator; the API is there.
        assertThat(status(jolokia(port, version), TestCredentials::asOperator)).isEqualTo(404);
        assertThat(status(get(port, "/actuator/hawtio/"), TestCredentials::asOperator)).isEqualTo(404);
        assertThat(status(get(port, "/actuator/metrics"), TestCredentials::asOperator)).isEqualTo(404);
        assertThat(status(get(port, "/api/pipeline/summary"), TestCredentials::asOperator)).isEqualTo(200);

        // Management port: the actuator, behind the same roles.
        // Health, open to probes (UP once every service it checks has answered).
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(status(get(managementPort, "/actuator/health"), request -> request)).isEqualTo(200));
        assertThat(status(jolokia(managementPort, version), request -> request)).isEqualTo(401);
        assertThat(status(jolokia(managementPort, version), TestCredentials::asCaregiver)).isEqualTo(403);
        assertThat(status(jolokia(managementPort, version), TestCredentials::asOperator)).isEqualTo(200);
        assertThat(status(get(managementPort, "/actuator/metrics"), TestCredentials::asOperator)).isEqualTo(200);
        assertThat(status(get(managementPort, "/actuator/metrics"), TestCredentials::asCaregiver)).isEqualTo(403);
        assertThat(status(get(managementPort, "/api/patients"), TestCredentials::asCaregiver)).as("no API on the management port")
                .isEqualTo(404);
        // The JMX surface's policy holds here too: a GET runs nothing.
        assertThat(http.send(TestCredentials.asOperator(get(managementPort, "/actuator/jolokia/exec/java.lang:type=Memory/gc")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("403");

        // Each JMX call is audited, whichever port it came in on.
        String audit = http.send(TestCredentials.asOperator(get(port, "/api/audit?who=" + TestCredentials.OPERATOR + "&limit=100")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(audit).contains("\"action\":\"JMX\"").contains("\"path\":\"/actuator/jolokia\"");
    }

    @Test
    void anOperatorSignsInOnTheManagementPortAndOpensHawtioThere() throws Exception {
        // Signing in on the main port sends an operator to Hawtio on the management port.
        assertThat(signIn(port, TestCredentials.OPERATOR).headers().firstValue("Location").orElseThrow())
                .isEqualTo("http://127.0.0.1:" + managementPort + "/actuator/hawtio/");
        assertThat(signIn(port, TestCredentials.CAREGIVER).headers().firstValue("Location").orElseThrow()).endsWith("/dashboard/");

        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> page = browser.send(get(managementPort, "/actuator/hawtio/").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith(":" + managementPort + "/login");
        HttpResponse<String> signedIn = signIn(browser, managementPort, TestCredentials.OPERATOR);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).contains(":" + managementPort + "/actuator/hawtio/");
        HttpResponse<String> hawtio = browser.send(get(managementPort, "/actuator/hawtio/").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hawtio.statusCode()).isEqualTo(200);
        assertThat(hawtio.body()).containsIgnoringCase("hawtio");

        // Hawtio's Jolokia calls from that session carry the CSRF token; without it, a POST in the session runs nothing.
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/jolokia"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"version\"}"));
        assertThat(browser.send(post.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
        String token = cookies.getCookieStore().getCookies().stream().filter(c -> "XSRF-TOKEN".equals(c.getName()))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
        assertThat(browser.send(post.header("X-XSRF-TOKEN", token).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> signIn(int on, String user) throws Exception {
        return signIn(HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build(), on, user);
    }

    private HttpResponse<String> signIn(HttpClient browser, int on, String user) throws Exception {
        String form = browser.send(get(on, "/login").build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).as("the login form on port " + on).isTrue();
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + TestCredentials.PASSWORD + "&_csrf=" + csrf.group(1)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private int status(HttpRequest.Builder request, java.util.function.UnaryOperator<HttpRequest.Builder> as) throws Exception {
        return http.send(as.apply(request).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpRequest.Builder get(int on, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on + path)).timeout(Duration.ofSeconds(20));
    }

    private static HttpRequest.Builder jolokia(int on, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on + "/actuator/jolokia")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
