package io.pitcrew.server.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The rate limit on guessing tokens: at most {@link #LIMIT} wrong tokens per client address per {@link #WINDOW}
 * (login form and bearer header alike); after that every token from that address is refused until the oldest
 * failure is a window old, so a guess that happens to be right is not confirmed either.
 */
final class FailedAttempts {

    static final int LIMIT = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);

    /** What trying a token gave: refused unheard while the address is locked out, or what the check found. */
    sealed interface Attempt<T> {
        record LockedOut<T>(Duration retryAfter) implements Attempt<T> {}

        record Checked<T>(Optional<T> found) implements Attempt<T> {}
    }

    /** Failures within the window, oldest first; an address without any has no entry. */
    private final ConcurrentHashMap<String, Deque<Instant>> byAddress = new ConcurrentHashMap<>();
    private final Clock clock;

    FailedAttempts(Clock clock) {
        this.clock = clock;
    }

    /**
     * Checks a token from {@code address} as one step with the limit: whether the address may try, the check, and
     * the failure it records are done under the address's lock, so a burst of simultaneous guesses cannot all pass
     * the limit before any of them is counted. The check (hashing a token, comparing hashes) is short.
     */
    <T> Attempt<T> attempt(String address, Supplier<Optional<T>> check) {
        AtomicReference<Attempt<T>> result = new AtomicReference<>();
        // compute runs atomically per key, and returning null removes an address whose failures are all old
        byAddress.compute(address, (a, failures) -> {
            Instant now = clock.instant();
            Deque<Instant> recent = failures == null ? new ArrayDeque<>() : failures;
            while (!recent.isEmpty() && !recent.peekFirst().plus(WINDOW).isAfter(now)) recent.pollFirst();
            if (recent.size() >= LIMIT) {
                result.set(new Attempt.LockedOut<>(Duration.between(now, recent.peekFirst().plus(WINDOW))));
                return recent;
            }
            Optional<T> found = check.get();
            if (found.isEmpty()) recent.addLast(now);
            result.set(new Attempt.Checked<>(found));
            return recent.isEmpty() ? null : recent;
        });
        return result.get();
    }
}
