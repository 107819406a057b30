package org.vigil.config;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Vigil's {@link Prerequisite}s: each is tried once while the application starts (before Camel
 * starts the routes, so with the services up everything is in place before the first write), and
 * those not in place are tried again every {@code vigil.prerequisites.retry-ms} until they are.
 * Readiness follows ({@code PrerequisitesHealthIndicator}).
 */
@Component
public class Prerequisites implements InitializingBean, DisposableBean {

    private final List<Prerequisite> all;
    private final long retryMs;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "vigil-prerequisites");
        thread.setDaemon(true);
        return thread;
    });

    public Prerequisites(List<Prerequisite> all, @Value("${vigil.prerequisites.retry-ms}") long retryMs) {
        this.all = List.copyOf(all);
        this.retryMs = retryMs;
    }

    public List<Prerequisite> all() {
        return all;
    }

    public boolean ready() {
        return all.stream().allMatch(Prerequisite::ready);
    }

    @Override
    public void afterPropertiesSet() {
        all.forEach(Prerequisite::attempt);
        retries.scheduleWithFixedDelay(() -> all.stream().filter(p -> !p.ready()).forEach(Prerequisite::attempt),
                retryMs, retryMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
    }
}
