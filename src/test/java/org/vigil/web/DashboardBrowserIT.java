package org.vigil.web;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.vigil.config.VigilProperties;
import org.vigil.simulator.Episode;
import org.vigil.simulator.GatewaySimulator;
import org.vigil.simulator.Pcd04Messages;
import org.vigil.simulator.SimulatedPatient;
import org.vigil.testsupport.Browser;
import org.vigil.testsupport.TestCredentials;
import org.vigil.testsupport.LocalServices;
import org.vigil.testsupport.ContractSchemas;
import org.vigil.testsupport.TopicReader;
import org.vigil.testsupport.VigilIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caregivers' dashboard in a real browser (headless Chromium through Selenium) against the
 * whole application: a deterioration the simulator sends as a bedside monitor (PCD-01 over MLLP)
 * appears on the page as an alert within 2 s of the monitor's message being acknowledged;
 * acknowledging it on the page changes it on the page and puts an {@code acknowledged} event on
 * the alerts topic; the patient's chart shows the readings. Screenshots go to target/screenshots/.
 * The first alert of a fresh application is waited for without the 2 s limit (consumers joining
 * their groups, classes loading); the limit applies to the next one.
 */
@VigilIntegrationTest("dashboard")
class DashboardBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FIRST = Duration.ofSeconds(60);
    private static final Duration LIVE = Duration.ofSeconds(2);
    private static final String RUN = LocalServices.RUN_ID;
    private static final String WARD = "5C Cardiology";

    private static ChromeDriver browser;

    @LocalServerPort
    int port;
    @Value("${vigil.ingest.mllp.port}")
    int mllpPort;
    @Autowired
    VigilProperties vigil;

    @BeforeAll
    static void openBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aDeteriorationAppearsLiveIsAcknowledgedOnThePageAndOnTheTopicAndIsCharted() throws Exception {
        // A caregiver opens the dashboard, is sent to the login page, signs in and is back on it.
        browser.get("http://127.0.0.1:" + port + "/dashboard/");
        new WebDriverWait(browser, FIRST).until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys(TestCredentials.CAREGIVER);
        browser.findElement(By.id("password")).sendKeys(TestCredentials.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, FIRST).until(ExpectedConditions.textToBe(By.id("stream-status"), "live"));
        new WebDriverWait(browser, FIRST).until(ExpectedConditions.textToBe(By.id("caregiver-name"), TestCredentials.CAREGIVER));

        String first = "Patient/dash-" + RUN + "-1";
        String second = "Patient/dash-" + RUN + "-2";
        try (GatewaySimulator.MllpSender monitor = new GatewaySimulator.MllpSender("127.0.0.1", mllpPort)) {
            monitor.admit(first, WARD, "51");
            monitor.admit(second, WARD, "52");
            SimulatedPatient warmUp = SimulatedPatient.steady(first, 1);
            SimulatedPatient patient = SimulatedPatient.steady(second, 2);
            Instant time = Instant.now().minusSeconds(300);
            for (int round = 0; round < 3; round++) {
                time = time.plusSeconds(60);
                monitor.send(warmUp.patientId(), warmUp.nextReadings(time));
                monitor.send(patient.patientId(), patient.nextReadings(time));
            }
            warmUp.startEpisode(Episode.HYPERTENSIVE_CRISIS, 2);
            monitor.send(warmUp.patientId(), warmUp.nextReadings(time.plusSeconds(30)));
            alertOf(first, FIRST);

            patient.startEpisode(Episode.SEPSIS, 3);
            long sent = System.nanoTime();
            monitor.send(patient.patientId(), patient.nextReadings(time.plusSeconds(60)));
            WebElement alert = alertOf(second, LIVE);
            System.out.printf("DashboardBrowserIT: the sepsis alert was on the page %d ms after the monitor's message was acknowledged%n",
                    (System.nanoTime() - sent) / 1_000_000);
            assertThat(alert.getAttribute("data-status")).isEqualTo("open");
            assertThat(alert.getText()).contains(WARD.split(" ")[0]).contains("NEWS2");
            // The page follows the escalation (NEWS2 8 and more) as the same alert.
            new WebDriverWait(browser, FIRST).until(d -> "emergency".equals(alertOf(second, FIRST).getAttribute("data-severity")));
            Browser.screenshot(browser, "dashboard-alerts");

            String alertId = alertOf(second, FIRST).getAttribute("data-alert-id");
            alertOf(second, FIRST).findElement(By.cssSelector("button.ack")).click();
            try {
                new WebDriverWait(browser, FIRST).ignoring(StaleElementReferenceException.class).until(d -> {
                    WebElement card = alertOf(second, FIRST);
                    List<WebElement> errors = card.findElements(By.cssSelector(".alert-error"));
                    assertThat(errors).as("the page's answer to the acknowledgement").extracting(WebElement::getText).isEmpty();
                    return "acknowledged".equals(card.getAttribute("data-status"));
                });
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError("the acknowledgement of " + alertId + " is not on the page; the card says: "
                        + alertOf(second, FIRST).getText() + "; the alerts topic has: " + eventsOf(alertId), e);
            }
            assertThat(alertOf(second, FIRST).getText()).contains(TestCredentials.CAREGIVER);
            JsonNode acknowledged = acknowledgedEvent(alertId);
            assertThat(acknowledged.path("by").asText()).as("who signed in").isEqualTo(TestCredentials.CAREGIVER);
            assertThat(acknowledged.at("/alert/status").asText()).isEqualTo("acknowledged");
            Browser.screenshot(browser, "dashboard-acknowledged");

            // The monitor's own alarm (IHE PCD-04): a device alarm beside Vigil's alerts, with the patient and
            // where they are, on the page and on the alerts topic, until the monitor ends it.
            Pcd04Messages.Alarm spo2Low = new Pcd04Messages.Alarm("ALM-" + RUN, "196674^MDC_EVT_LO", "SpO2 low",
                    "150456^MDC_PULS_OXIM_SAT_O2", "84", "262688^MDC_DIM_PERCENT", "90-100", "PH", "start", "active");
            assertThat(monitor.alarm(first, "MON-" + RUN, spo2Low, Instant.now())).as("PCD-04 acknowledged").isEqualTo("AA");
            WebElement deviceAlarm = deviceAlarmOf(first);
            assertThat(deviceAlarm.getAttribute("data-severity")).as("high priority").isEqualTo("emergency");
            assertThat(deviceAlarm.getAttribute("data-status")).isEqualTo("open");
            assertThat(deviceAlarm.getText()).contains("Device alarm", "SpO2 low", "84", "90-100", WARD.split(" ")[0]);
            Browser.screenshot(browser, "dashboard-device-alarm");
            assertThat(monitor.alarm(first, "MON-" + RUN, spo2Low.in("end", "inactive"), Instant.now())).isEqualTo("AA");
            new WebDriverWait(browser, FIRST).ignoring(StaleElementReferenceException.class)
                    .until(d -> "resolved".equals(deviceAlarmOf(first).getAttribute("data-status")));
            assertThat(alertEventsOf(first, "device-alarm")).as("the device alarm on the alerts topic").containsExactly("opened", "resolved");

            alertOf(second, FIRST).findElement(By.cssSelector("button.patient-link")).click();
            WebElement chart = browser.findElement(By.id("patient-chart"));
            new WebDriverWait(browser, FIRST).until(d -> second.equals(chart.getAttribute("data-patient"))
                    && chart.getAttribute("data-points") != null && Integer.parseInt(chart.getAttribute("data-points")) >= 20);
            Browser.screenshot(browser, "dashboard-patient");

            // The overview (Elasticsearch): the sepsis patient's emergency NEWS2 is among the recent critical cases.
            browser.findElement(By.id("tab-overview")).click();
            new WebDriverWait(browser, FIRST).until(d -> d.findElement(By.id("overview-critical")).getText().contains(second));
            Browser.screenshot(browser, "dashboard-overview");
            browser.findElement(By.id("tab-pipeline")).click();
            new WebDriverWait(browser, FIRST).until(d -> d.findElement(By.id("pipeline-summary")).getText().contains("routing.messages"));
            Browser.screenshot(browser, "dashboard-pipeline");
        }
        assertThat(Files.size(Path.of("target/screenshots/dashboard-alerts.png"))).isPositive();
    }

    /** The patient's alert on the page, waited for this long. */
    private WebElement alertOf(String patient, Duration patience) {
        By selector = By.cssSelector("#alert-list .alert[data-patient='" + patient + "']");
        return new WebDriverWait(browser, patience).until(ExpectedConditions.visibilityOfElementLocated(selector));
    }

    /** The alert's events on the alerts topic: type, version, status. */
    private List<String> eventsOf(String alertId) throws Exception {
        List<String> events = new java.util.ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.read(vigil.kafka().topics().alerts(), 10_000, Duration.ofSeconds(3))) {
            JsonNode event = JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
            if (alertId.equals(event.at("/alert/alertId").asText())) {
                events.add(event.path("type").asText() + " v" + event.at("/alert/version").asText() + " " + event.at("/alert/status").asText());
            }
        }
        return events;
    }

    /** The patient's device alarm (IHE PCD-04) on the page, open or resolved. */
    private WebElement deviceAlarmOf(String patient) {
        By selector = By.cssSelector("#alert-list .alert[data-patient='" + patient + "'][data-origin='device']");
        return new WebDriverWait(browser, FIRST).until(ExpectedConditions.visibilityOfElementLocated(selector));
    }

    /** The types of the patient's alert events of one rule on the alerts topic, each event once, in order; each valid by the contract. */
    private List<String> alertEventsOf(String patient, String rule) throws Exception {
        List<String> types = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.read(vigil.kafka().topics().alerts(), 10_000, Duration.ofSeconds(3))) {
            String text = new String(record.value(), StandardCharsets.UTF_8);
            JsonNode event = JSON.readTree(text);
            if (patient.equals(event.at("/alert/patientId").asText()) && rule.equals(event.at("/alert/rule").asText())
                    && seen.add(event.path("eventId").asText())) {
                assertThat(ContractSchemas.problems(org.vigil.alert.AlertEvent.class, text)).as(text).isEmpty();
                types.add(event.path("type").asText());
            }
        }
        return types;
    }

    private JsonNode acknowledgedEvent(String alertId) throws Exception {
        long deadline = System.nanoTime() + FIRST.toNanos();
        while (System.nanoTime() < deadline) {
            List<ConsumerRecord<String, byte[]>> events = TopicReader.read(vigil.kafka().topics().alerts(), 1000, Duration.ofSeconds(2));
            for (ConsumerRecord<String, byte[]> record : events) {
                JsonNode event = JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
                if ("acknowledged".equals(event.path("type").asText()) && alertId.equals(event.at("/alert/alertId").asText())) {
                    return event;
                }
            }
        }
        throw new AssertionError("no acknowledged event for " + alertId + " on the alerts topic");
    }
}
