package org.vigil.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Failed sign-ins (a wrong password on the login form or with Basic) counted per user name and
 * per source address over a sliding window: once a name has had {@code maxFailuresPerUser}
 * failures in the window, or an address {@code maxFailuresPerSource}, further sign-ins with that
 * name or from that address are not even tried (the right password included) until the oldest
 * failure leaves the window. A guesser gets a handful of tries a minute, not thousands; a
 * forgotten password costs its owner a minute. The tallies are bounded (names a prober makes up
 * cannot fill the memory) and expire with the window.
 */
public final class SignInThrottle {

    /** How many failures are kept at most: beyond it the least recently failing names are forgotten. */
    private static final int MAX_TALLIES = 100_000;

    private final VigilSecurityProperties.SignIn limits;
    private final Clock clock;
    private final Cache<String, Deque<Instant>> failures;

    public SignInThrottle(VigilSecurityProperties.SignIn limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.failures = Caffeine.newBuilder().maximumSize(MAX_TALLIES).expireAfterAccess(limits.window()).build();
    }

    /**
     * How long until a sign-in as {@code name} from {@code source} is tried again; empty when it
     * may be tried now.
     */
    public Optional<Duration> waitFor(String name, String source) {
        Instant now = clock.instant();
        Optional<Duration> forName = waitFor(userKey(name), limits.maxFailuresPerUser(), now);
        Optional<Duration> forSource = waitFor(sourceKey(source), limits.maxFailuresPerSource(), now);
        if (forName.isPresent() && forSource.isPresent()) {
            return Optional.of(forName.get().compareTo(forSource.get()) >= 0 ? forName.get() : forSource.get());
        }
        return forName.isPresent() ? forName : forSource;
    }

    /** A sign-in as {@code name} from {@code source} was refused. */
    public void failed(String name, String source) {
        Instant now = clock.instant();
        add(userKey(name), now);
        add(sourceKey(source), now);
    }

    private Optional<Duration> waitFor(String key, int limit, Instant now) {
        if (key == null) {
            return Optional.empty();
        }
        Deque<Instant> times = failures.getIfPresent(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < limit) {
                return Optional.empty();
            }
            // Tried again once enough of the failures left the window to be under the limit.
            Instant oldestCounted = times.stream().skip(times.size() - limit).findFirst().orElseThrow();
            Duration wait = Duration.between(now, oldestCounted.plus(limits.window()));
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        }
    }

    private void add(String key, Instant now) {
        if (key == null) {
            return;
        }
        Deque<Instant> times = failures.get(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
            // More than the larger limit need not be kept: the wait counts from the newest ones.
            while (times.size() > Math.max(limits.maxFailuresPerUser(), limits.maxFailuresPerSource())) {
                times.removeFirst();
            }
        }
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant start = now.minus(limits.window());
        while (!times.isEmpty() && !times.peekFirst().isAfter(start)) {
            times.removeFirst();
        }
    }

    private static String userKey(String name) {
        return name == null || name.isEmpty() ? null : "user:" + name;
    }

    private static String sourceKey(String source) {
        return source == null || source.isEmpty() ? null : "source:" + source;
    }
}
