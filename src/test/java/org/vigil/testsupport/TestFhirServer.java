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
import org.hl7.fhir.r4.model.Observation;

/**
 * A real FHIR R4 server for tests: HAPI's RestfulServer on its own embedded Tomcat, holding
 * Observations in memory, with search by category and {@code _lastUpdated}, sorted by
 * {@code _lastUpdated}, and paging (10 per page) with next links as a FHIR server gives them.
 */
public final class TestFhirServer implements AutoCloseable {

    private final Tomcat tomcat = new Tomcat();
    private final ObservationStore observations = new ObservationStore();

    public TestFhirServer() throws Exception {
        RestfulServer server = new RestfulServer(FhirContext.forR4());
        server.setResourceProviders(observations);
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
}
