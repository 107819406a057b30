package org.vigil.security;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** What the audit trail records of a request let through, from the same table as who may make it (SecurityIT calls them all). */
class EndpointAccessTest {

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
            "GET,    /api/patients,                           READ",
            "GET,    /api/patients/vitals,                    READ",
            "GET,    /api/overview,                           READ",
            "GET,    /api/alerts,                             READ",
            "GET,    /api/alerts/a-1/audit,                   READ",
            "GET,    /api/audit,                              READ",
            "POST,   /api/alerts/a-1/acknowledge,             ACKNOWLEDGE",
            "POST,   /api/deadletter/replay,                  REPLAY",
            "POST,   /api/config/rollback,                    CONFIGURE",
            "POST,   /api/config/pull,                        CONFIGURE",
            "GET,    /api/config,                             -",
            "PUT,    /api/news2/hypercapnic,                  CONFIGURE",
            "POST,   /actuator/jolokia,                       CONFIGURE",
            "POST,   /actuator/camelroutes/classify/stop,     CONFIGURE",
            "GET,    /actuator/prometheus,                    -",
            "GET,    /actuator/health,                        -",
            "POST,   /fhir,                                   -",
            "POST,   /ingest/csv,                             -",
            "GET,    /dashboard/,                             -",
            "GET,    /api/alerts/stream/x,                    READ",
            "GET,    /api/pipeline/summary,                   -",
            "GET,    /nowhere,                                -"})
    void eachRequestIsAuditedAsItsRuleSays(String method, String path, String expected) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        Optional<AuditEntry.Action> audited = EndpointAccess.auditedAs(request);
        assertThat(audited.map(Enum::name).orElse("-")).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"401", "403"})
    void aRefusalIsAuditedWhateverWasAsked(int status) {
        assertThat(AuditFilter.actionOf(new MockHttpServletRequest("POST", "/ingest/csv"), status)).contains(AuditEntry.Action.REFUSED);
    }
}
