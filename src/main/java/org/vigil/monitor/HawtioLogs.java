package org.vigil.monitor;

import java.util.Map;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.hawt.log.logback.LogbackLogQuery;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hawtio's Logs view (its {@code hawtio:type=LogQuery} MBean, read over Jolokia by operators) keeps
 * the last log events in memory. Hawtio's own query keeps them as they were logged; this one keeps
 * each with {@link PhiMasking} applied to its message and stack trace, as the console log has them,
 * so neither the view nor a search in it reaches a patient's data. Replaces the query Hawtio's
 * Spring Boot auto-configuration would register.
 */
@Configuration(proxyBeanMethods = false)
public class HawtioLogs {

    @Bean(destroyMethod = "stop")
    public LogbackLogQuery hawtioLogQuery() {
        LogbackLogQuery query = new MaskedLogQuery();
        query.start();
        return query;
    }

    static final class MaskedLogQuery extends LogbackLogQuery {

        @Override
        public void logMessage(LoggingEvent event) {
            super.logMessage(masked(event));
        }

        static LoggingEvent masked(LoggingEvent event) {
            LoggingEvent masked = new LoggingEvent();
            masked.setLoggerName(event.getLoggerName());
            masked.setLevel(event.getLevel());
            masked.setThreadName(event.getThreadName());
            masked.setTimeStamp(event.getTimeStamp());
            IThrowableProxy thrown = event.getThrowableProxy();
            String message = event.getFormattedMessage() + (thrown == null ? "" : "\n" + ThrowableProxyUtil.asString(thrown));
            masked.setMessage(PhiMasking.mask(message));
            masked.setCallerData(new StackTraceElement[0]);
            masked.setMDCPropertyMap(Map.of());
            return masked;
        }
    }
}
