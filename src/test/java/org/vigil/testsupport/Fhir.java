package org.vigil.testsupport;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vigil.ingest.FhirEntries;
import org.vigil.ingest.FhirObservations;
import org.vigil.ingest.Terminology;

/** The FHIR beans as Vigil builds them, for tests without Spring: one FHIR context (it is expensive), the jar's ConceptMaps. */
public final class Fhir {

    public static final FhirContext CONTEXT = FhirContext.forR4();
    private static final Terminology BUNDLED = new Terminology(CONTEXT, "");

    private Fhir() {
    }

    /** The terminology of the jar, without a site folder. */
    public static Terminology terminology() {
        return BUNDLED;
    }

    public static FhirObservations observations() {
        return new FhirObservations(BUNDLED);
    }

    public static FhirEntries entries() {
        return new FhirEntries(CONTEXT, new ObjectMapper());
    }
}
