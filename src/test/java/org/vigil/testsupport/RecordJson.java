package org.vigil.testsupport;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Records as JSON the way Vigil writes them on its topics (ISO-8601 times, no null fields): for the
 * tests that feed the packaged jar through Kafka ({@link VigilJar}) and read its topics back.
 */
public final class RecordJson {

    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private RecordJson() {
    }
}
