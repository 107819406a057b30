package org.vigil.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.core.io.ClassPathResource;
import org.vigil.clinical.ClinicalRules;
import org.vigil.clinical.ClinicalThresholds;
import org.vigil.clinical.PatientVitalsWindow;
import org.vigil.config.Specialties;
import org.vigil.config.VigilProperties;
import org.vigil.record.ClinicalRecord;
import org.vigil.record.DeviceAlarm;
import org.vigil.record.VitalSigns;
import org.vigil.risk.RiskModel;
import org.vigil.routing.ClassifiedBatch;
import org.vigil.routing.Classifier;
import org.vigil.routing.SpecialtyProjections;
import org.vigil.routing.SpecialtyRouter;
import org.vigil.state.MongoAlertStore;
import org.vigil.testsupport.InMemoryMongo;
import org.vigil.testsupport.InMemoryPatientVitalsStore;
import org.vigil.testsupport.ShippedConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The alert lifecycle with the shipped rules, behind the real classifier (records → classified
 * messages → alert events) and the real MongoDB store (mongo-java-server). The patients are the
 * simulator's steady baseline (124/78 mmHg, 74/min, 15/min, SpO2 97 %, 36.8 °C: NEWS2 0) and its
 * episodes, one record per vital sign as monitors send them; the expected events are worked out
 * by hand from the rules in each test.
 */
class AlertEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final VitalSigns BASELINE = new VitalSigns(124.0, 78.0, 74.0, 15.0, 97.0, 36.8, null, null);
    private static final VitalSigns SEPSIS = new VitalSigns(94.0, 60.0, 119.0, 24.0, 93.0, 39.1, null, null);
    private static final VitalSigns HYPOTENSION = new VitalSigns(79.0, 53.0, 99.0, 19.0, 96.0, 36.8, null, null);
    private static final VitalSigns CRISIS = new VitalSigns(194.0, 120.0, 84.0, 17.0, 97.0, 36.8, null, null);

    @RegisterExtension
    final InMemoryMongo mongo = new InMemoryMongo();

    private final CamelContext camel = new DefaultCamelContext();
    private final Specialties specialties = ShippedConfiguration.specialties();
    private final VigilProperties vigil = ShippedConfiguration.vigil();
    private final Classifier classifier = new Classifier(new ClinicalRules(ClinicalThresholds.defaults()),
            new PatientVitalsWindow(new InMemoryPatientVitalsStore(), Duration.ofHours(1)),
            new SpecialtyRouter(specialties), new SpecialtyProjections(ShippedConfiguration.routing(), specialties),
            ShippedConfiguration.routing(), new RiskModel(""), vigil, specialties, JSON, camel);
    private final AlertRules rules = new AlertRules(AlertRules.read(new ClassPathResource("alerts/alert-rules.yaml")), "shipped");

    private MongoAlertStore store;
    private AlertEngine engine;
    /** The next offset of each topic (partition 0), as Kafka would give them. */
    private final Map<String, Long> offsets = new java.util.HashMap<>();
    /** The slot ids the engine asked the store for, each read. */
    private final List<String> loads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Instant time = Instant.parse("2026-12-01T08:00:00Z");
    private int round;

    @BeforeEach
    void setUp() {
        store = new MongoAlertStore(mongo.client(), JSON, "vigil", "alert_state", "alerts", "alert_audit");
        AlertStateStore counted = new AlertStateStore() {
            @Override
            public Map<String, AlertSlot> load(java.util.Collection<String> slotIds) {
                loads.addAll(slotIds);
                return store.load(slotIds);
            }

            @Override
            public void save(java.util.Collection<AlertSlot> slots) {
                store.save(slots);
            }

            @Override
            public Map<String, AlertSlot> activeScopes(String condition) {
                return store.activeScopes(condition);
            }

            @Override
            public void saveScopes(String condition, java.util.Collection<AlertSlot> slots) {
                store.saveScopes(condition, slots);
            }
        };
        engine = new AlertEngine(rules, counted, JSON, new AlertMessages(camel, JSON, vigil), vigil,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    @Test
    void sepsisOpensUrgentEscalatesToEmergencyIsAcknowledgedAndResolvesWhenTheValuesReturn() throws Exception {
        List<AlertEvent> events = new ArrayList<>();
        events.addAll(run("Patient/a", BASELINE));
        // Round 1 of sepsis, one record at a time, with the baseline's other values still in the window:
        // BP 94 (SBP 2): 2; HR 119 (+2): 4; RR 24 (+2): 6, urgent -> opened; SpO2 93 (+2): 8, emergency ->
        // escalated; temperature 39.1 (+2): 10 -> updated. Rounds 2 and 3 change nothing.
        events.addAll(run("Patient/a", SEPSIS, SEPSIS, SEPSIS));
        assertThat(types(events)).containsExactly("opened", "escalated", "updated");
        Alert emergency = events.get(2).alert();
        assertThat(emergency.condition()).isEqualTo("news2");
        assertThat(emergency.severity()).isEqualTo(Severity.EMERGENCY);
        assertThat(emergency.escalations()).isEqualTo(1);
        assertThat(emergency.news2()).containsEntry("total", 10).containsEntry("band", "HIGH");
        assertThat(emergency.reason()).startsWith("NEWS2 10").contains("emergency response");
        // The values measured since it opened; NEWS2 names every parameter's score.
        assertThat(emergency.values()).containsEntry("respiratoryRatePerMin", 24.0).containsEntry("temperatureCelsius", 39.1)
                .containsEntry("spo2Percent", 93.0);
        assertThat(emergency.news2().get("scores").toString()).contains("SYSTOLIC_BP=2", "PULSE=2", "TEMPERATURE=2");
        assertThat(emergency.openedAt()).isEqualTo(events.get(0).at());

        List<AlertEvent> acknowledged = commands(acknowledge(emergency, "nurse-a", "cmd-1"));
        assertThat(types(acknowledged)).containsExactly("acknowledged");
        assertThat(acknowledged.get(0).alert().acknowledgedBy()).isEqualTo("nurse-a");
        assertThat(commands(acknowledge(emergency, "nurse-b", "cmd-2"))).as("acknowledged already: nothing").isEmpty();

        // Recovery: BP 124: 8 -> updated; HR 74: 6, urgent -> updated (no re-notification going down);
        // RR 15: 4 with no single 3 -> resolved.
        List<AlertEvent> recovery = run("Patient/a", BASELINE);
        assertThat(types(recovery)).containsExactly("updated", "updated", "resolved");
        assertThat(recovery.get(1).alert().severity()).isEqualTo(Severity.URGENT);
        assertThat(recovery.get(1).alert().status()).as("an update keeps the acknowledgement").isEqualTo(AlertStatus.ACKNOWLEDGED);
        Alert resolved = recovery.get(2).alert();
        assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.alertId()).isEqualTo(emergency.alertId());

        assertThat(store.find(emergency.alertId())).get().extracting(Alert::status).isEqualTo(AlertStatus.RESOLVED);
        assertThat(store.audit(emergency.alertId())).extracting(entry -> entry.get("type"))
                .containsExactly("opened", "escalated", "updated", "acknowledged", "updated", "updated", "resolved");
        assertThat(store.audit(emergency.alertId())).extracting(entry -> entry.get("by"))
                .contains("nurse-a", "vigil:rule news2");

        // The alerts topic read again (a rebalance, a restart): the audit trail is appended to only, and stays as it was.
        store.record(recovery);
        store.record(acknowledged);
        assertThat(store.audit(emergency.alertId())).extracting(entry -> entry.get("type"))
                .containsExactly("opened", "escalated", "updated", "acknowledged", "updated", "updated", "resolved");
    }

    @Test
    void hypotensionOpensTwoAlertsOneForThePressureAndOneForNews2() throws Exception {
        run("Patient/b", BASELINE);
        // BP 79/53: HYPOTENSION, and SBP scores 3 (NEWS2 3, single 3): both open; HR 99 (+1): NEWS2 4 -> updated.
        List<AlertEvent> episode = run("Patient/b", HYPOTENSION, HYPOTENSION, HYPOTENSION);
        assertThat(episode).extracting(e -> e.type().id() + " " + e.alert().condition())
                .containsExactly("opened hypotension", "opened news2", "updated news2");
        assertThat(episode.get(0).alert().severity()).isEqualTo(Severity.URGENT);
        assertThat(episode.get(0).alert().reason()).contains("79/53");
        // BP 124/78 resolves the pressure; NEWS2 falls to 1 (HR 99 still in the window) and resolves too.
        assertThat(run("Patient/b", BASELINE)).extracting(e -> e.type().id() + " " + e.alert().condition())
                .containsExactly("resolved hypotension", "resolved news2");
    }

    @Test
    void aHypertensiveCrisisIsAnEmergencyFromItsFirstReadingToItsLast() throws Exception {
        run("Patient/c", BASELINE);
        List<AlertEvent> crisis = run("Patient/c", CRISIS, CRISIS);
        assertThat(types(crisis)).containsExactly("opened");
        assertThat(crisis.get(0).alert().condition()).isEqualTo("hypertensive-crisis");
        assertThat(crisis.get(0).alert().severity()).isEqualTo(Severity.EMERGENCY);
        assertThat(types(run("Patient/c", BASELINE))).containsExactly("resolved");
        // A new crisis later is a new alert.
        List<AlertEvent> again = run("Patient/c", CRISIS);
        assertThat(types(again)).containsExactly("opened");
        assertThat(again.get(0).alert().alertId()).isNotEqualTo(crisis.get(0).alert().alertId());
    }

    @Test
    void aBatchReadAgainGivesTheSameEventIdsBeforeItsStateWasSavedAndNothingAfter() throws Exception {
        run("Patient/d", BASELINE);
        List<Exchange> batch = classified(records("Patient/d", SEPSIS));
        AlertEngine.AlertBatch first = engine.evaluate(batch);
        AlertEngine.AlertBatch again = engine.evaluate(batch); // crashed before the state was saved
        assertThat(again.events()).extracting(AlertEvent::eventId).containsExactlyElementsOf(ids(first.events()));
        engine.save(first);
        assertThat(engine.evaluate(batch).events()).as("applied already").isEmpty();
    }

    @Test
    void aSlotChangedMeanwhileIsNotOverwritten() throws Exception {
        run("Patient/e", BASELINE);
        AlertEngine.AlertBatch opening = engine.evaluate(classified(records("Patient/e", CRISIS)));
        engine.save(opening);
        Alert open = opening.events().get(0).alert();
        AlertEngine.AlertBatch stale = engine.evaluate(classified(records("Patient/e", BASELINE)));
        engine.save(engine.evaluate(List.of(command(acknowledge(open, "nurse-c", "cmd-3")))));
        assertThatThrownBy(() -> engine.save(stale)).isInstanceOf(AlertStateConflictException.class);
        List<AlertEvent> redone = engine.evaluate(classified(records("Patient/e", BASELINE))).events();
        assertThat(redone).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AlertEventType.RESOLVED);
            assertThat(event.alert().acknowledgedBy()).as("the acknowledgement is kept").isEqualTo("nurse-c");
        });
    }

    @Test
    void aPartitionsPatientsAreReadOnceAndHeldWhileItsBatchesFollowOnFromEachOther() throws Exception {
        run("Patient/f", BASELINE);
        assertThat(loads).as("read once, by key: one slot id per rule").containsExactlyInAnyOrder(
                rules.all().stream().map(rule -> AlertSlot.id("Patient/f", rule.name())).toArray(String[]::new));
        loads.clear();
        List<AlertEvent> crisis = run("Patient/f", CRISIS);
        assertThat(types(crisis)).containsExactly("opened");
        assertThat(run("Patient/f", BASELINE)).extracting(e -> e.type().id()).containsExactly("resolved");
        assertThat(loads).as("held in memory: not read again").isEmpty();

        // A batch that does not start where the last saved one ended (the partition was rewound, or
        // was away): what is held is dropped and read again, and records applied already change nothing.
        offsets.merge(vigil.kafka().topics().classified(), -5L, Long::sum);
        assertThat(run("Patient/f", BASELINE)).isEmpty();
        assertThat(loads).as("read again after the partition moved").isNotEmpty();
        loads.clear();
        assertThat(run("Patient/f", CRISIS)).extracting(e -> e.type().id()).containsExactly("opened");
        assertThat(loads).isEmpty();
    }

    @Test
    void anAcknowledgementReadAgainDoesNotSilenceTheEscalationThatFollowedIt() throws Exception {
        run("Patient/g", BASELINE);
        // Sepsis one reading at a time: BP, HR, RR give NEWS2 6 (urgent, opened); SpO2 93 gives 8 (emergency).
        List<Exchange> round = classified(records("Patient/g", SEPSIS));
        AlertEngine.AlertBatch opening = engine.evaluate(round.subList(0, 3));
        engine.save(opening);
        assertThat(types(opening.events())).containsExactly("opened");
        List<Exchange> batch = new ArrayList<>();
        batch.add(command(acknowledge(opening.events().get(0).alert(), "nurse-g", "cmd-g")));
        batch.add(round.get(3));
        AlertEngine.AlertBatch acknowledgedThenEscalated = engine.evaluate(batch);
        engine.save(acknowledgedThenEscalated);
        assertThat(types(acknowledgedThenEscalated.events())).containsExactly("acknowledged", "escalated");
        // Saved, then crashed before the commit: the same batch is read again.
        assertThat(engine.evaluate(batch).events()).as("nothing applied twice: the escalation stays open").isEmpty();
        assertThat(store.load(List.of(AlertSlot.id("Patient/g", "news2"))).get(AlertSlot.id("Patient/g", "news2")).alert().status())
                .isEqualTo(AlertStatus.OPEN);
    }

    @Test
    void rulesNameOnlyAnomalies() {
        AlertRules.Definitions definitions = new AlertRules.Definitions(Map.of("cholesterol",
                new AlertRules.Definition("Cholesterol", Map.of(Severity.WARNING, List.of("HIGH_CHOLESTEROL")))), null);
        assertThatThrownBy(() -> new AlertRules(definitions, "site.yaml")).hasMessageContaining("HIGH_CHOLESTEROL")
                .hasMessageContaining("not an anomaly");
        assertThat(rules.all()).extracting(AlertRule::name).containsExactly("hypertensive-crisis", "hypotension", "news2", "risk-high");
        assertThat(rules.spike().moreThan()).isEqualTo(20);
        assertThat(rules.spike().window()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aChangedRulesFileIsCheckedWholeThenUsedForLaterRecords() throws Exception {
        String shipped = new ClassPathResource("alerts/alert-rules.yaml").getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AlertRules.check(shipped.replace("[HYPERTENSIVE_CRISIS]", "[HYPERTENSIVE_CRISIS, VERY_HIGH]"), "alerts/site.yaml"))
                .hasMessage("alerts/site.yaml: rule hypertensive-crisis names 'VERY_HIGH', which is not an anomaly; choose from "
                        + new java.util.TreeSet<>(org.vigil.event.Trigger.ANOMALIES));
        assertThatThrownBy(() -> AlertRules.check(shipped.replace("severity: urgent", "severity: loud"), "alerts/site.yaml"))
                .hasMessageStartingWith("alerts/site.yaml: ").hasMessageContaining("loud");
        assertThatThrownBy(() -> AlertRules.check("rules: [unclosed", "alerts/site.yaml")).hasMessageStartingWith("alerts/site.yaml: ");

        AlertRules.Rules withoutRisk = AlertRules.check(shipped.replaceAll("(?s)  risk-high:.*?warning: \\[risk-high\\]\n", ""), "alerts/site.yaml");
        assertThat(rules.all()).extracting(AlertRule::name).contains("risk-high");
        rules.use(withoutRisk);
        assertThat(rules.all()).extracting(AlertRule::name).containsExactly("hypertensive-crisis", "hypotension", "news2");
        assertThat(rules.spike()).isEqualTo(withoutRisk.spike());
    }

    @Test
    void readingsOlderThanWhatTheAlertFollowsChangeNothing() throws Exception {
        run("Patient/k", BASELINE);
        List<ClinicalRecord> sepsis = records("Patient/k", SEPSIS);
        AlertEngine.AlertBatch first = engine.evaluate(classified(sepsis));
        engine.save(first);
        assertThat(types(first.events())).containsExactly("opened", "escalated", "updated");
        Alert emergency = first.events().get(2).alert();
        assertThat(types(commands(acknowledge(emergency, "nurse-k", "cmd-k")))).containsExactly("acknowledged");

        // The same records classified a second time (a rebalance before classification committed them):
        // new positions on the classified topic, the same readings. The acknowledged alert stays as it is.
        AlertEngine.AlertBatch again = engine.evaluate(classified(sepsis));
        engine.save(again);
        assertThat(again.events()).as("no re-escalation of an acknowledged alert").isEmpty();
        // An older normal reading arriving late does not resolve it either; a newer one does.
        time = time.minusSeconds(600);
        assertThat(run("Patient/k", BASELINE)).as("readings older than the alert's").isEmpty();
        time = time.plusSeconds(1200);
        assertThat(types(run("Patient/k", BASELINE))).containsExactly("updated", "updated", "resolved");
    }

    @Test
    void anAlertCarriesEveryValueOfTheReadingThatOpenedItAndGoesToTheAlertsTopicKeyedByPatient() throws Exception {
        time = time.plusSeconds(60);
        List<AlertEvent> opened = run(new ClinicalRecord("Observation/v-all-1", "test", "Patient/v", time, null, null, null,
                new VitalSigns(118.0, 76.0, 88.0, 18.0, 95.0, 37.2, true, org.vigil.record.Consciousness.VOICE)));
        assertThat(types(opened)).as("NEWS2 6 with a 3 for consciousness: urgent").containsExactly("opened");
        assertThat(opened.get(0).alert().values()).containsEntry("systolicMmHg", 118.0).containsEntry("diastolicMmHg", 76.0)
                .containsEntry("heartRatePerMin", 88.0).containsEntry("respiratoryRatePerMin", 18.0).containsEntry("spo2Percent", 95.0)
                .containsEntry("temperatureCelsius", 37.2).containsEntry("supplementalOxygen", true)
                .hasEntrySatisfying("consciousness", level -> assertThat(String.valueOf(level)).isEqualToIgnoringCase("voice"));

        Message message = new AlertMessages(camel, JSON, vigil).message(opened.get(0));
        assertThat(message.getHeader(KafkaConstants.OVERRIDE_TOPIC)).isEqualTo(vigil.kafka().topics().alerts());
        assertThat(message.getHeader(KafkaConstants.KEY)).as("one patient's events in order").isEqualTo("Patient/v");
        AlertEvent sent = JSON.readValue(message.getBody(String.class), AlertEvent.class);
        assertThat(sent.eventId()).isEqualTo(opened.get(0).eventId());
        assertThat(sent.alert().alertId()).isEqualTo(opened.get(0).alert().alertId());
    }

    @Test
    void aDevicesAlarmOpensEscalatesIsAcknowledgedAndResolvesWhenTheDeviceEndsIt() throws Exception {
        run("Patient/g", BASELINE); // the patient's rule slots are held from here on
        List<AlertEvent> started = run(alarm("Patient/g", "start", "active", DeviceAlarm.Priority.MEDIUM, 88.0));
        assertThat(types(started)).containsExactly("opened");
        Alert opened = started.get(0).alert();
        assertThat(opened.condition()).isEqualTo("device-alarm:MDC_EVT_LO@MDC_PULS_OXIM_SAT_O2");
        assertThat(opened.rule()).isEqualTo("device-alarm");
        assertThat(opened.title()).isEqualTo("Device alarm: Low SpO2");
        assertThat(opened.severity()).as("medium priority").isEqualTo(Severity.URGENT);
        assertThat(opened.reason()).isEqualTo("Low SpO2 (MDC_PULS_OXIM_SAT_O2 88 %, limits 90-100): medium priority physiological alarm");
        assertThat(opened.values()).containsEntry("alarmValue", 88.0).containsEntry("alarmPriority", "medium").containsEntry("alarmId", "SPO2LOW-1")
                .containsEntry("alarmSource", "MDC_PULS_OXIM_SAT_O2").containsEntry("alarmUnit", "%").containsEntry("alarmLimits", "90-100")
                .containsEntry("alarmKind", "physiological").containsEntry("alarmState", "active");

        assertThat(run(alarm("Patient/g", "continue", "active", DeviceAlarm.Priority.MEDIUM, 88.0))).as("the same alarm repeated").isEmpty();
        List<AlertEvent> raised = run(alarm("Patient/g", "continue", "active", DeviceAlarm.Priority.HIGH, 84.0));
        assertThat(types(raised)).containsExactly("escalated");
        assertThat(raised.get(0).alert().severity()).isEqualTo(Severity.EMERGENCY);
        assertThat(raised.get(0).alert().alertId()).isEqualTo(opened.alertId());

        assertThat(types(commands(acknowledge(raised.get(0).alert(), "nurse-g", "cmd-g")))).containsExactly("acknowledged");
        assertThat(run("Patient/g", BASELINE)).as("readings do not judge a device's alarm").isEmpty();

        List<AlertEvent> ended = run(alarm("Patient/g", "end", "inactive", DeviceAlarm.Priority.HIGH, 93.0));
        assertThat(types(ended)).containsExactly("resolved");
        assertThat(ended.get(0).alert().alertId()).isEqualTo(opened.alertId());
        assertThat(ended.get(0).alert().acknowledgedBy()).isEqualTo("nurse-g");
        assertThat(run(alarm("Patient/g", "end", "inactive", DeviceAlarm.Priority.HIGH, 93.0))).as("its end repeated").isEmpty();
        assertThat(store.audit(opened.alertId())).extracting(entry -> entry.get("type"))
                .containsExactly("opened", "escalated", "acknowledged", "resolved");
    }

    @Test
    void anAlarmThatStartedBeforeARestartIsAcknowledgedAndEndsAfterIt() throws Exception {
        Alert opened = run(alarm("Patient/h", "start", "active", DeviceAlarm.Priority.HIGH, 85.0)).get(0).alert();
        restart();
        run("Patient/h", BASELINE); // held again, with the rules' slots only
        assertThat(types(commands(acknowledge(opened, "nurse-h", "cmd-h")))).as("its slot read by key").containsExactly("acknowledged");
        restart();
        run("Patient/h", BASELINE);
        List<AlertEvent> ended = run(alarm("Patient/h", "end", "inactive", DeviceAlarm.Priority.HIGH, 95.0));
        assertThat(types(ended)).as("its slot read by key").containsExactly("resolved");
        assertThat(ended.get(0).alert().alertId()).isEqualTo(opened.alertId());
    }

    @Test
    void aSiteDecidesWhetherDevicesAlarmsAreAlertsAndHowSevereEachPriorityIs() throws Exception {
        rules.use(AlertRules.check("""
                device-alarms:
                  enabled: true
                  severities: { medium: emergency }
                """, "site"));
        Alert opened = run(alarm("Patient/i", "start", "active", DeviceAlarm.Priority.MEDIUM, 88.0)).get(0).alert();
        assertThat(opened.severity()).isEqualTo(Severity.EMERGENCY);
        rules.use(AlertRules.check("device-alarms: { enabled: false }", "site"));
        assertThat(run(alarm("Patient/j", "start", "active", DeviceAlarm.Priority.HIGH, 80.0))).isEmpty();
    }

    private void restart() {
        engine = new AlertEngine(rules, store, JSON, new AlertMessages(camel, JSON, vigil), vigil,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    private List<AlertEvent> run(ClinicalRecord alarm) throws Exception {
        AlertEngine.AlertBatch batch = engine.evaluate(classified(List.of(alarm)));
        engine.save(batch);
        store.record(batch.events());
        return batch.events();
    }

    /** A monitor's SpO2-low alarm (IHE PCD-04) in one of its phases. */
    private ClinicalRecord alarm(String patient, String phase, String state, DeviceAlarm.Priority priority, double spo2) {
        time = time.plusSeconds(30);
        return ClinicalRecord.alarm("HL7/monitor/alarm/SPO2LOW-1/" + phase + "/" + time, "hl7:" + phase, patient, time, null,
                new DeviceAlarm("SPO2LOW-1", "MDC_EVT_LO", "Low SpO2", DeviceAlarm.Kind.PHYSIOLOGICAL, priority, phase, state, null,
                        new DeviceAlarm.Source("MDC_PULS_OXIM_SAT_O2", spo2, "%", "90-100")));
    }

    /** Classifies rounds of readings of a patient (one record per vital sign), runs them through the engine, saves. */
    private List<AlertEvent> run(String patient, VitalSigns... rounds) throws Exception {
        AlertEngine.AlertBatch batch = engine.evaluate(classified(records(patient, rounds)));
        engine.save(batch);
        store.record(batch.events()); // as the alert-views route does from the alerts topic
        return batch.events();
    }

    private List<AlertEvent> commands(AlertCommand command) throws Exception {
        AlertEngine.AlertBatch batch = engine.evaluate(List.of(command(command)));
        engine.save(batch);
        store.record(batch.events());
        return batch.events();
    }

    private List<ClinicalRecord> records(String patient, VitalSigns... rounds) {
        List<ClinicalRecord> records = new ArrayList<>();
        for (VitalSigns v : rounds) {
            time = time.plusSeconds(60);
            round++;
            records.add(record(patient, "bp", new VitalSigns(v.systolicMmHg(), v.diastolicMmHg(), null, null, null, null, null, null)));
            records.add(record(patient, "hr", new VitalSigns(null, null, v.heartRatePerMin(), null, null, null, null, null)));
            records.add(record(patient, "rr", new VitalSigns(null, null, null, v.respiratoryRatePerMin(), null, null, null, null)));
            records.add(record(patient, "spo2", new VitalSigns(null, null, null, null, v.spo2Percent(), null, null, null)));
            records.add(record(patient, "temp", new VitalSigns(null, null, null, null, null, v.temperatureCelsius(), null, null)));
        }
        return records;
    }

    private ClinicalRecord record(String patient, String kind, VitalSigns vitals) {
        return new ClinicalRecord("Observation/" + patient.substring(8) + "-" + kind + "-" + round, "test", patient, time, null, null, null, vitals);
    }

    /** The records through the classifier; its classified-topic messages as the lifecycle consumes them. */
    private List<Exchange> classified(List<ClinicalRecord> records) throws Exception {
        List<Exchange> consumed = new ArrayList<>();
        for (ClinicalRecord record : records) {
            consumed.add(exchange(vigil.kafka().topics().records(), next(vigil.kafka().topics().records()), JSON.writeValueAsString(record)));
        }
        ClassifiedBatch batch = classifier.classifyBatch(consumed);
        assertThat(batch.refusals()).isEmpty();
        List<Exchange> classified = new ArrayList<>();
        for (Message message : batch.messages()) {
            if (vigil.kafka().topics().classified().equals(message.getHeader(KafkaConstants.OVERRIDE_TOPIC))) {
                classified.add(exchange(vigil.kafka().topics().classified(), next(vigil.kafka().topics().classified()), message.getBody(String.class)));
            }
        }
        return classified;
    }

    private Exchange command(AlertCommand command) throws Exception {
        return exchange(vigil.kafka().topics().alertCommands(), next(vigil.kafka().topics().alertCommands()), JSON.writeValueAsString(command));
    }

    private long next(String topic) {
        return offsets.merge(topic, 1L, Long::sum) - 1;
    }

    private Exchange exchange(String topic, long at, String body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(KafkaConstants.TOPIC, topic);
        exchange.getMessage().setHeader(KafkaConstants.PARTITION, 0);
        exchange.getMessage().setHeader(KafkaConstants.OFFSET, at);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    private AlertCommand acknowledge(Alert alert, String by, String commandId) {
        return new AlertCommand(commandId, AlertCommand.ACKNOWLEDGE, alert.alertId(), alert.patientId(), alert.condition(), by,
                time.plusSeconds(1));
    }

    private static List<String> types(List<AlertEvent> events) {
        return events.stream().map(e -> e.type().id()).toList();
    }

    private static List<String> ids(List<AlertEvent> events) {
        return events.stream().map(AlertEvent::eventId).toList();
    }
}
