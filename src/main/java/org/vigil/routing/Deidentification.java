package org.vigil.routing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.vigil.config.Specialties;

/**
 * What a pseudonymising specialty (research) carries instead of who and which: keyed pseudonyms
 * (HMAC-SHA256 with {@code vigil.routing.pseudonym-key}) of the patient id and of the record id,
 * stable across runs and instances (longitudinal research, idempotent stores) and not reversible
 * without the key; and times truncated or shifted as the specialty's {@code dates} says. A shift is
 * a whole number of days derived from the key and the patient, so one patient's intervals are kept
 * while the calendar dates are not.
 */
final class Deidentification {

    /** Shorter keys are refused: a guessable key makes every pseudonym reversible by trying patient ids. */
    static final int MIN_KEY_LENGTH = 32;

    private final byte[] key;
    private final int shiftMaxDays;

    Deidentification(String key, int shiftMaxDays) {
        this.key = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
        this.shiftMaxDays = Math.max(1, shiftMaxDays);
    }

    /** Stops start-up when a specialty pseudonymises and the key is missing or short. */
    void checkUsableFor(Specialties specialties) {
        specialties.all().stream().filter(s -> s.pseudonymise() || s.dates() == Specialties.Dates.SHIFT).findFirst().ifPresent(s -> {
            if (key.length < MIN_KEY_LENGTH) {
                throw new IllegalStateException("vigil.specialties." + s.name() + " is pseudonymised: vigil.routing.pseudonym-key "
                        + "(VIGIL_PSEUDONYM_KEY) must be a secret of at least " + MIN_KEY_LENGTH + " characters; it is "
                        + (key.length == 0 ? "not set" : key.length + " long") + ". There is no default.");
            }
        });
    }

    String patient(String patientId) {
        return hex(hmac("patient:", patientId), 16);
    }

    String record(String recordId) {
        return "r-" + hex(hmac("record:", recordId), 16);
    }

    Instant time(Specialties.Dates dates, String patientId, Instant time) {
        if (time == null) {
            return null;
        }
        return switch (dates) {
            case KEEP -> time;
            case DAY -> time.truncatedTo(ChronoUnit.DAYS);
            case MONTH -> time.atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case SHIFT -> time.plus(shiftDays(patientId), ChronoUnit.DAYS);
        };
    }

    /** Between -max and +max days, never 0; the same for every record of the patient. */
    long shiftDays(String patientId) {
        int drawn = Math.floorMod(ByteBuffer.wrap(hmac("date-shift:", patientId == null ? "" : patientId)).getInt(), 2 * shiftMaxDays);
        return drawn < shiftMaxDays ? drawn - shiftMaxDays : drawn - shiftMaxDays + 1;
    }

    /** One keyed Mac per thread (looking the algorithm up and keying it cost more than the HMAC itself). */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    private byte[] hmac(String purpose, String value) {
        // doFinal resets the Mac for the next call, keyed as before.
        return macs.get().doFinal((purpose + value).getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes, int length) {
        return HexFormat.of().formatHex(bytes, 0, length);
    }
}
