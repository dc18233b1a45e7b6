package io.pitcrew.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate limit on guessing tokens: at most {@link #LIMIT} wrong tokens per client address per {@link #WINDOW}
 * (login form and bearer header alike); after that every token from that address is refused until the oldest
 * failure is a window old, so a guess that happens to be right is not confirmed either.
 */
final class FailedAttempts {

    static final int LIMIT = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final Map<String, Deque<Instant>> byAddress = new ConcurrentHashMap<>();
    private final Clock clock;

    FailedAttempts(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code address} must wait before trying a token again; empty when it may try now. */
    Optional<Duration> blocked(String address) {
        Deque<Instant> failures = byAddress.get(address);
        if (failures == null) return Optional.empty();
        synchronized (failures) {
            Instant now = clock.instant();
            while (!failures.isEmpty() && !failures.peekFirst().plus(WINDOW).isAfter(now)) failures.pollFirst();
            if (failures.size() < LIMIT) return Optional.empty();
            return Optional.of(Duration.between(now, failures.peekFirst().plus(WINDOW)));
        }
    }

    void failed(String address) {
        Deque<Instant> failures = byAddress.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (failures) {
            failures.addLast(clock.instant());
            while (failures.size() > LIMIT) failures.pollFirst();
        }
    }
}
