package org.vigil.monitor;

import io.hawt.log.LogEvent;
import io.hawt.log.logback.LogbackLogQuery;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class HawtioLogsTest {

    private static final Logger LOG = LoggerFactory.getLogger(HawtioLogsTest.class);

    @Test
    void hawtiosLogsViewHoldsEachEventMaskedMessageAndStackTrace() throws Exception {
        LogbackLogQuery query = new HawtioLogs().hawtioLogQuery();
        try {
            LOG.warn("Refused {} for Patient/hd-4711", "{\"resourceType\": \"Observation\", \"value\": 182}",
                    new IllegalStateException("bad reading for patient_id=hd-4711"));
            LogEvent event = query.getLogResults(-1).getEvents().stream()
                    .filter(e -> HawtioLogsTest.class.getName().equals(e.getLogger())).reduce((a, b) -> b).orElseThrow();
            assertThat(event.getLevel()).isEqualTo("WARN");
            assertThat(event.getMessage()).startsWith("Refused {\"resourceType\": \"***\", \"value\": \"***\"} for Patient/***")
                    .contains("java.lang.IllegalStateException: bad reading for patient_id=***")
                    .doesNotContain("4711").doesNotContain("182");
        } finally {
            query.stop();
        }
    }
}
