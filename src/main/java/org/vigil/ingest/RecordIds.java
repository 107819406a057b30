package org.vigil.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable record ids: the same input sent again gets the same id, so stores replace instead of adding. */
public final class RecordIds {

    private RecordIds() {
    }

    /** A hash of the source (file and line, request and entry), which reveals no patient data. */
    public static String fromSource(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** A FHIR resource's logical id, e.g. {@code Observation/bp-1}: its versions share it, so a later one replaces an earlier one. */
    public static String fromFhir(String resourceType, String id) {
        return resourceType + "/" + id;
    }
}
