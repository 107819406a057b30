package org.vigil.security;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.vigil.testsupport.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(new VigilSecurityProperties.SignIn(5, 20, Duration.ofMinutes(1)), clock);

    @Test
    void theSixthSignInOfANameWithFiveFailuresInAMinuteWaitsUntilTheOldestLeavesTheWindow() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.waitFor("alice", "10.0.0.1")).as("try %d", i + 1).isEmpty();
            throttle.failed("alice", "10.0.0.1");
            clock.advance(Duration.ofSeconds(10));
        }
        // Failures at 0, 10, 20, 30, 40 s; now 50 s: the first leaves the window at 60 s.
        assertThat(throttle.waitFor("alice", "10.0.0.1")).hasValue(Duration.ofSeconds(10));
        assertThat(throttle.waitFor("alice", "10.0.0.2")).as("the name waits from any address").hasValue(Duration.ofSeconds(10));
        assertThat(throttle.waitFor("bob", "10.0.0.1")).as("another name from the same address").isEmpty();

        clock.advance(Duration.ofSeconds(10));
        assertThat(throttle.waitFor("alice", "10.0.0.1")).as("one failure left the window").isEmpty();
        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.waitFor("alice", "10.0.0.1")).as("five in the window again").hasValue(Duration.ofSeconds(10));
    }

    @Test
    void anAddressWithTwentyFailuresWaitsWhateverTheNames() {
        for (int i = 0; i < 20; i++) {
            assertThat(throttle.waitFor("guess-" + i, "10.0.0.9")).isEmpty();
            throttle.failed("guess-" + i, "10.0.0.9");
        }
        assertThat(throttle.waitFor("guess-20", "10.0.0.9")).hasValue(Duration.ofMinutes(1));
        assertThat(throttle.waitFor("alice", "10.0.0.9")).as("a real user from there too").hasValue(Duration.ofMinutes(1));
        assertThat(throttle.waitFor("alice", "10.0.0.8")).as("not from elsewhere").isEmpty();

        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.waitFor("alice", "10.0.0.9")).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        clock.advance(Duration.ofSeconds(61));
        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.waitFor("alice", "10.0.0.1")).isEmpty();
    }
}
