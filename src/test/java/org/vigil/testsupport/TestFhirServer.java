package org.vigil.testsupport;

import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * A real FHIR R4 server for tests: HAPI's RestfulServer on its own embedded Tomcat, holding
 * Observations in memory, with search by category and {@code _lastUpdated}, sorted by
 * {@code _lastUpdated}, and paging (10 per page) with next links as a FHIR server gives them.
 */
public final class TestFhirServer implements AutoCloseable {

    private final Tomcat tomcat = new Tomcat();
    private final ObservationStore observations = new ObservationStore();
    private final FlagStore flags = new FlagStore();
    private final RiskAssessmentStore riskAssessments = new RiskAssessmentStore();

    public TestFhirServer() throws Exception {
        RestfulServer server = new RestfulServer(FhirContext.forR4());
        server.setResourceProviders(observations, flags, riskAssessments);
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(100);
        paging.setDefaultPageSize(10);
        paging.setMaximumPageSize(10);
        server.setPagingProvider(paging);

        File base = new File(System.getProperty("java.io.tmpdir"), "vigil-test-fhir-" + ProcessHandle.current().pid());
        tomcat.setBaseDir(base.getAbsolutePath());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", base.getAbsolutePath());
        Tomcat.addServlet(context, "fhir", server);
        context.addServletMappingDecoded("/fhir/*", "fhir");
        tomcat.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/fhir";
    }

    /** Stores an Observation as a FHIR server would: a new id, version 1, lastUpdated now. */
    public String store(Observation observation) {
        return observations.store(observation);
    }

    /** The Flags written to this server (Vigil's alerts), as they stand. */
    public List<Flag> flags() {
        return flags.all();
    }

    public List<RiskAssessment> riskAssessments() {
        return riskAssessments.all();
    }

    /** Creates and updates received (a conditional create that found its resource counts too). */
    public int flagWrites() {
        return flags.writes.get();
    }

    /** Flags created: a second create of the same alert's Flag counts, and shows in {@link #flags}. */
    public int flagsCreated() {
        return flags.created.get();
    }

    /** RiskAssessments created: a second create of the same record's counts, and shows in {@link #riskAssessments}. */
    public int riskAssessmentsCreated() {
        return riskAssessments.created.get();
    }

    public int riskAssessmentWrites() {
        return riskAssessments.writes.get();
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    public static final class ObservationStore implements IResourceProvider {

        private final List<Observation> stored = new ArrayList<>();
        private final AtomicLong ids = new AtomicLong();

        @Override
        public Class<Observation> getResourceType() {
            return Observation.class;
        }

        synchronized String store(Observation observation) {
            Observation copy = observation.copy();
            String id = String.valueOf(ids.incrementAndGet());
            copy.setId("Observation/" + id + "/_history/1");
            copy.getMeta().setVersionId("1").setLastUpdated(new Date());
            stored.add(copy);
            return id;
        }

        @Search
        public synchronized IBundleProvider search(
                @OptionalParam(name = "category") TokenParam category,
                @OptionalParam(name = Constants.PARAM_LASTUPDATED) DateRangeParam lastUpdated) {
            List<Observation> matches = stored.stream()
                    .filter(o -> category == null || o.getCategory().stream().anyMatch(c -> c.getCoding().stream()
                            .anyMatch(coding -> category.getValue().equals(coding.getCode()))))
                    .filter(o -> lastUpdated == null || within(lastUpdated, o.getMeta().getLastUpdated()))
                    .sorted(Comparator.comparing(o -> o.getMeta().getLastUpdated()))
                    .map(Observation::copy)
                    .toList();
            return new SimpleBundleProvider(new ArrayList<>(matches));
        }

        private static boolean within(DateRangeParam range, Date date) {
            Date lower = range.getLowerBoundAsInstant();
            Date upper = range.getUpperBoundAsInstant();
            return (lower == null || !date.before(lower)) && (upper == null || !date.after(upper));
        }
    }

    /**
     * Resources as a FHIR server keeps them: by id. A create that its condition does not stop makes
     * a new resource with a new id, whatever its identifier, so a duplicate create shows as a second
     * resource. A conditional create ({@code If-None-Exist: identifier=system|value}) that finds one
     * creates nothing; a conditional update ({@code PUT Flag?identifier=system|value}) makes a new
     * version of the one it finds, creates it when it finds none, and fails (412) when it finds
     * several. Every write and every resource created is counted.
     */
    abstract static class IdentifiedStore<T extends DomainResource> implements IResourceProvider {

        private final java.util.Map<String, T> byId = new java.util.LinkedHashMap<>();
        private final AtomicLong ids = new AtomicLong();
        final java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();

        abstract String identifierOf(T resource);

        synchronized List<T> all() {
            return new ArrayList<>(byId.values());
        }

        private List<T> withIdentifier(String identifier) {
            return byId.values().stream().filter(resource -> identifier.equals(identifierOf(resource))).toList();
        }

        synchronized MethodOutcome create(T resource, String conditionalUrl) {
            writes.incrementAndGet();
            if (conditionalUrl != null) {
                List<T> found = withIdentifier(identifierParam(conditionalUrl));
                if (!found.isEmpty()) {
                    return new MethodOutcome(found.get(0).getIdElement(), false);
                }
            }
            return new MethodOutcome(store(resource, null), true);
        }

        synchronized MethodOutcome update(T resource, IdType id, String conditionalUrl) {
            writes.incrementAndGet();
            T existing;
            if (conditionalUrl != null) {
                List<T> found = withIdentifier(identifierParam(conditionalUrl));
                if (found.size() > 1) {
                    throw new ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException(
                            found.size() + " resources match " + conditionalUrl + ": a conditional update needs at most one");
                }
                existing = found.isEmpty() ? null : found.get(0);
            } else {
                existing = byId.get(id.getIdPart());
            }
            return new MethodOutcome(store(resource, existing), existing == null);
        }

        private IdType store(T resource, T existing) {
            @SuppressWarnings("unchecked")
            T copy = (T) resource.copy();
            String id = existing != null ? existing.getIdElement().getIdPart() : String.valueOf(ids.incrementAndGet());
            int version = existing != null ? Integer.parseInt(existing.getMeta().getVersionId()) + 1 : 1;
            if (existing == null) {
                created.incrementAndGet();
            }
            IdType idType = new IdType(copy.fhirType(), id, String.valueOf(version));
            copy.setId(idType);
            copy.getMeta().setVersionId(String.valueOf(version)).setLastUpdated(new Date());
            byId.put(id, copy);
            return idType;
        }

        /** {@code Flag?identifier=urn:vigil:alert|123} or {@code identifier=urn:vigil:alert%7C123}: the identifier. */
        static String identifierParam(String url) {
            String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : url;
            for (String parameter : query.split("&")) {
                if (parameter.startsWith("identifier=")) {
                    return java.net.URLDecoder.decode(parameter.substring("identifier=".length()), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            throw new IllegalArgumentException("no identifier in " + url);
        }
    }

    public static final class FlagStore extends IdentifiedStore<Flag> {

        @Override
        public Class<Flag> getResourceType() {
            return Flag.class;
        }

        @Override
        String identifierOf(Flag flag) {
            return flag.getIdentifierFirstRep().getSystem() + "|" + flag.getIdentifierFirstRep().getValue();
        }

        @Create
        public MethodOutcome createFlag(@ResourceParam Flag flag, @ConditionalUrlParam String conditionalUrl) {
            return create(flag, conditionalUrl);
        }

        @Update
        public MethodOutcome updateFlag(@IdParam IdType id, @ResourceParam Flag flag, @ConditionalUrlParam String conditionalUrl) {
            return update(flag, id, conditionalUrl);
        }
    }

    public static final class RiskAssessmentStore extends IdentifiedStore<RiskAssessment> {

        @Override
        public Class<RiskAssessment> getResourceType() {
            return RiskAssessment.class;
        }

        @Override
        String identifierOf(RiskAssessment assessment) {
            return assessment.getIdentifierFirstRep().getSystem() + "|" + assessment.getIdentifierFirstRep().getValue();
        }

        @Create
        public MethodOutcome createRiskAssessment(@ResourceParam RiskAssessment assessment, @ConditionalUrlParam String conditionalUrl) {
            return create(assessment, conditionalUrl);
        }
    }
}
