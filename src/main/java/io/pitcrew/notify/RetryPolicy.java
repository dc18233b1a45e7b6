package io.pitcrew.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard to try: exponential backoff with jitter, bounded in attempts and in total time. Only 429 (after its
 * {@code Retry-After}), 5xx and failures to connect are retried; any other answer is final.
 *
 * @param maxAttempts    tries in all, the first included
 * @param firstBackoff   the wait before the second try; doubled for each later one, up to {@code maxBackoff}
 * @param jitter         0 to 1: each wait is shortened by up to this fraction, at random, so many pitcrews
 *                       retrying together do not hit the service in step
 * @param requestTimeout connect and answer, per try
 * @param totalBound     no notification takes longer: a wait that would end past it is not started, and a try
 *                       gets at most what is left of it
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff, double jitter,
                          Duration requestTimeout, Duration totalBound) {

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        if (jitter < 0 || jitter > 1) throw new IllegalArgumentException("jitter must be from 0 to 1");
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(totalBound, "totalBound");
    }

    /** 5 tries, 1 s doubling to 16 s, 10 s per try, 60 s in all: a responder's command returns within a minute. */
    public static RetryPolicy standard() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(16), 0.5, Duration.ofSeconds(10),
                Duration.ofSeconds(60));
    }

    /** The wait after failed try {@code attempt} (1-based), before jitter. */
    Duration backoff(int attempt) {
        Duration d = firstBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
