package org.vigil.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One FHIR R4 context for the whole application: creating one is expensive. */
@Configuration
public class FhirConfiguration {

    @Bean
    public FhirContext fhirContext() {
        return FhirContext.forR4();
    }

    /** Unknown elements and invalid values fail the parse instead of being dropped with a log line. */
    @Bean
    public IParserErrorHandler strictFhirParsing() {
        return new StrictErrorHandler();
    }
}
