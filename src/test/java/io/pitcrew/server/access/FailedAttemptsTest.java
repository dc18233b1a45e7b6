package io.pitcrew.server.access;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The token rate limit's window: five failures lock an address out until the oldest is a minute old. */
class FailedAttemptsTest {

    Instant now = Instant.parse("2026-11-25T10:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    private static FailedAttempts.Attempt<String> wrong(FailedAttempts f, String address) {
        return f.attempt(address, Optional::empty);
    }

    @Test
    void fiveFailuresAMinutePerAddress() {
        FailedAttempts f = new FailedAttempts(clock);
        for (int i = 0; i < 4; i++) {
            assertThat(wrong(f, "10.0.0.1")).isInstanceOf(FailedAttempts.Attempt.Checked.class);
            now = now.plusSeconds(10);
        }
        assertThat(f.attempt("10.0.0.1", () -> Optional.of("alice"))).as("a right token does not count")
                .isEqualTo(new FailedAttempts.Attempt.Checked<>(Optional.of("alice")));
        assertThat(wrong(f, "10.0.0.1")).as("the fifth failure is still checked").isInstanceOf(FailedAttempts.Attempt.Checked.class);
        assertThat(f.attempt("10.0.0.1", () -> Optional.of("alice"))).as("then not even a right token is heard")
                .isEqualTo(new FailedAttempts.Attempt.LockedOut<>(Duration.ofSeconds(20)));
        assertThat(wrong(f, "10.0.0.2")).as("per address").isInstanceOf(FailedAttempts.Attempt.Checked.class);
        now = now.plusSeconds(20);
        assertThat(f.attempt("10.0.0.1", () -> Optional.of("alice"))).as("the first failure is a minute old")
                .isEqualTo(new FailedAttempts.Attempt.Checked<>(Optional.of("alice")));
    }

    /** 100 wrong guesses released at once: the check runs exactly LIMIT times, however they interleave. */
    @Test
    void simultaneousGuessesReachTheCheckExactlyTheLimitTimes() throws Exception {
        FailedAttempts f = new FailedAttempts(Clock.systemUTC());
        AtomicInteger checked = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<FailedAttempts.Attempt<String>>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(100)) {
            for (int i = 0; i < 100; i++) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return f.attempt("10.0.0.9", () -> {
                        checked.incrementAndGet();
                        // a slow check widens the window a check-then-record limit would let guesses through
                        LockSupport.parkNanos(1_000_000);
                        return Optional.<String>empty();
                    });
                }));
            }
            go.countDown();
            int locked = 0;
            for (Future<FailedAttempts.Attempt<String>> a : answers) {
                if (a.get(30, TimeUnit.SECONDS) instanceof FailedAttempts.Attempt.LockedOut<String>) locked++;
            }
            assertThat(checked.get()).isEqualTo(FailedAttempts.LIMIT);
            assertThat(locked).isEqualTo(100 - FailedAttempts.LIMIT);
        }
    }
}
