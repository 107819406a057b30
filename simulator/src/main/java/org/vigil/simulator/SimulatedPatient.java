package org.vigil.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * One patient on a bedside monitor: a baseline of their own, noise on every reading, and now and
 * then an episode (hypotension, fever, tachycardia, desaturation, hypertensive crisis) that lasts
 * a few readings. Readings stay within physiologic limits, so they are valid input.
 */
public final class SimulatedPatient {

    private static final String LOINC = "http://loinc.org";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final Episode[] EPISODES = {Episode.HYPOTENSION, Episode.FEVER, Episode.TACHYCARDIA,
            Episode.DESATURATION, Episode.HYPERTENSIVE_CRISIS, Episode.SEPSIS};

    private final String patientId;
    private final String deviceId;
    private final Random random;
    private final double episodeChance;
    private final double systolic;
    private final double diastolic;
    private final double heartRate;
    private final double respiratoryRate;
    private final double spo2;
    private final double temperature;
    private final double noiseScale;
    private Episode episode = Episode.NONE;
    private int episodeReadingsLeft;
    private Episode scripted;
    private int scriptedReadings;

    public SimulatedPatient(int number, long seed, double episodeChance) {
        this.patientId = "Patient/sim-" + number;
        this.deviceId = "Device/monitor-" + number;
        this.random = new Random(seed * 31 + number);
        this.episodeChance = episodeChance;
        this.noiseScale = 1;
        this.systolic = gaussian(124, 12);
        this.diastolic = Math.min(gaussian(78, 7), systolic - 30);
        this.heartRate = gaussian(74, 9);
        this.respiratoryRate = gaussian(15, 2);
        this.spo2 = Math.min(99.5, gaussian(97, 1.0));
        this.temperature = gaussian(36.8, 0.25);
    }

    private SimulatedPatient(String patientId, int number) {
        this.patientId = patientId;
        this.deviceId = "Device/monitor-" + number;
        this.random = new Random(number);
        this.episodeChance = 0;
        this.noiseScale = 0;
        this.systolic = 124;
        this.diastolic = 78;
        this.heartRate = 74;
        this.respiratoryRate = 15;
        this.spo2 = 97;
        this.temperature = 36.8;
    }

    /**
     * A patient at the population's mean baseline (124/78 mmHg, 74/min, 15/min, SpO2 97 %, 36.8 °C)
     * with no noise and no episode but those {@link #startEpisode started}: values that can be
     * worked out by hand, for tests and demonstrations.
     */
    public static SimulatedPatient steady(String patientId, int number) {
        return new SimulatedPatient(patientId, number);
    }

    /** The next {@code readings} rounds are this episode, then the baseline again. */
    public void startEpisode(Episode next, int readings) {
        this.scripted = next;
        this.scriptedReadings = readings;
    }

    public String patientId() {
        return patientId;
    }

    public Episode episode() {
        return episode;
    }

    /** The next set of readings, one Observation per vital sign, all taken at {@code time}. */
    public List<Observation> nextReadings(Instant time) {
        advanceEpisode();
        double sbp = clamp(systolic + episode.systolic + noise(5), 60, 260);
        double dbp = clamp(diastolic + episode.diastolic + noise(4), 35, sbp - 15);
        Observation bloodPressure = observation("85354-9", "Blood pressure panel", time);
        bloodPressure.addComponent().setCode(loinc("8480-6", "Systolic blood pressure")).setValue(quantity(sbp, "mm[Hg]", "mmHg"));
        bloodPressure.addComponent().setCode(loinc("8462-4", "Diastolic blood pressure")).setValue(quantity(dbp, "mm[Hg]", "mmHg"));
        return List.of(
                bloodPressure,
                withValue(observation("8867-4", "Heart rate", time), clamp(heartRate + episode.heartRate + noise(4), 35, 190), "/min", "beats/min"),
                withValue(observation("9279-1", "Respiratory rate", time), clamp(respiratoryRate + episode.respiratoryRate + noise(1.5), 6, 45), "/min", "breaths/min"),
                withValue(observation("59408-5", "Oxygen saturation by pulse oximetry", time), clamp(spo2 + episode.spo2 + noise(0.8), 70, 100), "%", "%"),
                withValue(observation("8310-5", "Body temperature", time), clamp(temperature + episode.temperature + noise(0.15), 34, 41.5), "Cel", "C"));
    }

    private void advanceEpisode() {
        if (scripted != null) {
            episode = scripted;
            episodeReadingsLeft = scriptedReadings;
            scripted = null;
        } else if (episodeReadingsLeft > 0) {
            episodeReadingsLeft--;
            if (episodeReadingsLeft == 0) {
                episode = Episode.NONE;
            }
        } else if (random.nextDouble() < episodeChance) {
            episode = EPISODES[random.nextInt(EPISODES.length)];
            episodeReadingsLeft = 3 + random.nextInt(6);
        }
    }

    private Observation observation(String code, String display, Instant time) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept().addCoding(new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")));
        observation.setCode(loinc(code, display));
        observation.setSubject(new Reference(patientId));
        observation.setDevice(new Reference(deviceId));
        observation.setEffective(new DateTimeType(java.util.Date.from(time)));
        return observation;
    }

    private static Observation withValue(Observation observation, double value, String ucum, String unit) {
        return observation.setValue(quantity(value, ucum, unit));
    }

    private static CodeableConcept loinc(String code, String display) {
        return new CodeableConcept().addCoding(new Coding(LOINC, code, display));
    }

    private static Quantity quantity(double value, String ucum, String unit) {
        return new Quantity().setValue(Math.round(value * 10) / 10.0).setSystem(UCUM).setCode(ucum).setUnit(unit);
    }

    private double gaussian(double mean, double sd) {
        return mean + random.nextGaussian() * sd;
    }

    private double noise(double sd) {
        return noiseScale == 0 ? 0 : random.nextGaussian() * sd * noiseScale;
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
