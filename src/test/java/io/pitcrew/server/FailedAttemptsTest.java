package io.pitcrew.server;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The token rate limit's window: five failures lock an address out until the oldest is a minute old. */
class FailedAttemptsTest {

    Instant now = Instant.parse("2026-11-25T10:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @Test
    void fiveFailuresAMinutePerAddress() {
        FailedAttempts f = new FailedAttempts(clock);
        for (int i = 0; i < 4; i++) {
            f.failed("10.0.0.1");
            now = now.plusSeconds(10);
        }
        assertThat(f.blocked("10.0.0.1")).isEmpty();
        f.failed("10.0.0.1");
        assertThat(f.blocked("10.0.0.1")).contains(Duration.ofSeconds(20));
        assertThat(f.blocked("10.0.0.2")).as("per address").isEmpty();
        now = now.plusSeconds(20);
        assertThat(f.blocked("10.0.0.1")).as("the first failure is a minute old").isEmpty();
    }
}
