package org.vigil.ingest;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.Body;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Polls a FHIR server for vital-sign Observations updated since the last successful poll.
 *
 * <p>The watermark is the greatest {@code meta.lastUpdated} seen, with the ids seen at that very
 * instant: the next search asks for {@code _lastUpdated=ge<watermark>} (not {@code gt}, which would
 * miss resources stored in the same millisecond) and skips those ids. It is kept in MongoDB after
 * each page ({@link PollWatermarks}), so a restarted Vigil, or another instance, carries on where the last page ended.
 */
@Component("fhirServerPolls")
public class FhirServerPolls {

    private static final Logger LOG = LoggerFactory.getLogger(FhirServerPolls.class);

    private final PollWatermarks watermarks;
    private final String stateKey;
    private final int pageSize;
    private final Instant start;

    public FhirServerPolls(PollWatermarks watermarks,
                           @Value("${vigil.ingest.fhir-server.url}") String serverUrl,
                           @Value("${vigil.ingest.fhir-server.page-size}") int pageSize,
                           @Value("${vigil.ingest.fhir-server.since}") String since) {
        this.watermarks = watermarks;
        this.stateKey = "fhir-server-poll|" + serverUrl;
        this.pageSize = pageSize;
        this.start = Instant.parse(since);
    }

    /** The search for this poll, relative to the server's base URL. */
    public String searchUrl() {
        Watermark mark = watermark();
        return "Observation?category=vital-signs&_lastUpdated=ge" + DateTimeFormatter.ISO_INSTANT.format(mark.lastUpdated())
                + "&_sort=_lastUpdated&_count=" + pageSize;
    }

    /** The page's Observations not yet taken by an earlier poll. */
    public List<Resource> unseenEntries(@Body Bundle page) {
        Watermark mark = watermark();
        List<Resource> unseen = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : page.getEntry()) {
            Resource resource = entry.getResource();
            if (resource == null || !(resource instanceof org.hl7.fhir.r4.model.Observation)) {
                continue; // included resources (e.g. OperationOutcome warnings) are not measurements
            }
            if (!mark.alreadyTaken(lastUpdated(resource), resource.getIdElement().toUnqualifiedVersionless().getValue())) {
                unseen.add(resource);
            }
        }
        return unseen;
    }

    /** {@code fhir-server:Observation/12/_history/3}: the server's own name for what was taken. */
    public String sourceOf(@Body Resource resource) {
        return "fhir-server:" + resource.getIdElement().toUnqualified().getValue();
    }

    /** Moves the watermark past a page once all its entries went through (or to the dead letter). */
    public void advance(@Body Bundle page) {
        Watermark mark = watermark();
        Instant newest = mark.lastUpdated();
        Set<String> idsAtNewest = new HashSet<>(mark.idsAtLastUpdated());
        for (Bundle.BundleEntryComponent entry : page.getEntry()) {
            if (entry.getResource() == null) {
                continue;
            }
            Instant updated = lastUpdated(entry.getResource());
            String id = entry.getResource().getIdElement().toUnqualifiedVersionless().getValue();
            if (updated.isAfter(newest)) {
                newest = updated;
                idsAtNewest.clear();
                idsAtNewest.add(id);
            } else if (updated.equals(newest)) {
                idsAtNewest.add(id);
            }
        }
        if (!newest.equals(mark.lastUpdated()) || !idsAtNewest.equals(mark.idsAtLastUpdated())) {
            watermarks.save(stateKey, new Watermark(newest, idsAtNewest));
            LOG.debug("FHIR server watermark now {} ({} ids at that instant)", newest, idsAtNewest.size());
        }
    }

    public boolean hasNextPage(@Body Bundle page) {
        return page.getLink(Bundle.LINK_NEXT) != null;
    }

    Watermark watermark() {
        return watermarks.load(stateKey).orElseGet(() -> new Watermark(start, Set.of()));
    }

    private static Instant lastUpdated(Resource resource) {
        if (!resource.hasMeta() || resource.getMeta().getLastUpdated() == null) {
            throw new InvalidRecordException(resource.getIdElement().getValue() + " from the FHIR server has no meta.lastUpdated");
        }
        return resource.getMeta().getLastUpdated().toInstant();
    }

    /** The greatest {@code meta.lastUpdated} taken, and the ids taken at that very instant. */
    public record Watermark(Instant lastUpdated, Set<String> idsAtLastUpdated) {

        public Watermark {
            idsAtLastUpdated = Set.copyOf(idsAtLastUpdated);
        }

        boolean alreadyTaken(Instant updated, String id) {
            return updated.isBefore(lastUpdated) || updated.equals(lastUpdated) && idsAtLastUpdated.contains(id);
        }
    }
}
