package io.pitcrew.notify;

import io.pitcrew.redact.Credentials;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.DoubleSupplier;

/**
 * POSTs one JSON body to one service, trying again on 429 (after {@code Retry-After}), 5xx and failures to connect,
 * and on nothing else, within a {@link RetryPolicy}. Every try is told to an {@link AttemptListener}; the result is
 * a {@link Delivery}, never an exception.
 *
 * <p>A timeout after the request was sent is not retried: the service may have acted on it (GitHub would open a
 * second issue). Redirects are not followed, because the JDK would resend the credentials to wherever they point.
 */
final class Courier {

    /** What a channel makes of an answer that is not retried: its value, or why it was refused. */
    sealed interface Reading<T> {
        record Accepted<T>(T value, String detail) implements Reading<T> {}

        record Refused<T>(String reason) implements Reading<T> {}
    }

    @FunctionalInterface
    interface Reader<T> {
        Reading<T> read(int status, String body);
    }

    private static final int DETAIL_CHARS = 300;

    private final Channel channel;
    private final RetryPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final HttpClient http;

    Courier(Channel channel, RetryPolicy policy, Clock clock, Sleeper sleeper, DoubleSupplier random) {
        this.channel = channel;
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.http = HttpClient.newBuilder()
                .connectTimeout(min(policy.requestTimeout(), policy.totalBound()))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    <T> Delivery<T> post(URI uri, Map<String, String> headers, String json, Reader<T> reader, AttemptListener listener) {
        Instant start = clock.instant();
        Instant deadline = start.plus(policy.totalBound());
        OptionalInt lastStatus = OptionalInt.empty();
        for (int n = 1; ; n++) {
            Duration left = Duration.between(clock.instant(), deadline);
            HttpRequest request;
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                        .timeout(min(policy.requestTimeout(), left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
                headers.forEach(b::header);
                request = b.build();
            } catch (IllegalArgumentException e) {
                // the JDK's message may quote a header value, i.e. a credential: say only where
                String reason = "cannot send to " + uri.getAuthority() + ": not a usable address or header";
                tell(listener, n, OptionalInt.empty(), Attempt.Outcome.REFUSED, reason, Optional.empty());
                return new Delivery.Failed<>(channel, reason, n, lastStatus);
            }
            String retryable;
            Optional<Duration> asked = Optional.empty();
            OptionalInt status;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                status = OptionalInt.of(response.statusCode());
                lastStatus = status;
                int code = response.statusCode();
                String body = response.body() == null ? "" : response.body();
                if (code == 429 || code >= 500) {
                    retryable = code == 429 ? "rate limited" + excerpt(body) : "server error" + excerpt(body);
                    if (code == 429) asked = retryAfter(response.headers().firstValue("Retry-After"));
                } else {
                    Reading<T> reading = reader.read(code, body);
                    switch (reading) {
                        case Reading.Accepted<T> a -> {
                            tell(listener, n, status, Attempt.Outcome.DELIVERED, a.detail(), Optional.empty());
                            return new Delivery.Delivered<>(channel, a.value(), n);
                        }
                        case Reading.Refused<T> r -> {
                            String reason = Credentials.scrub(r.reason());
                            tell(listener, n, status, Attempt.Outcome.REFUSED, reason, Optional.empty());
                            return new Delivery.Failed<>(channel, reason, n, status);
                        }
                    }
                }
            } catch (HttpConnectTimeoutException e) {
                status = OptionalInt.empty();
                retryable = "could not connect within " + policy.requestTimeout().toMillis() + " ms";
            } catch (HttpTimeoutException e) {
                // sent, maybe acted on: not safe to repeat
                String reason = "no answer within the timeout from " + uri.getAuthority();
                tell(listener, n, OptionalInt.empty(), Attempt.Outcome.GAVE_UP, reason, Optional.empty());
                return new Delivery.Failed<>(channel, reason, n, lastStatus);
            } catch (ConnectException e) {
                status = OptionalInt.empty();
                retryable = "connection refused by " + uri.getAuthority();
            } catch (IOException e) {
                String reason = Credentials.scrub("could not send to " + uri.getAuthority() + ": " + e.getClass().getSimpleName());
                tell(listener, n, OptionalInt.empty(), Attempt.Outcome.GAVE_UP, reason, Optional.empty());
                return new Delivery.Failed<>(channel, reason, n, lastStatus);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                String reason = "interrupted";
                tell(listener, n, OptionalInt.empty(), Attempt.Outcome.GAVE_UP, reason, Optional.empty());
                return new Delivery.Failed<>(channel, reason, n, lastStatus);
            }
            retryable = Credentials.scrub(retryable);
            Duration wait = asked.isPresent() ? asked.get() : jittered(policy.backoff(n));
            Instant now = clock.instant();
            String stop = null;
            if (n >= policy.maxAttempts()) {
                stop = "after " + n + " attempts";
            } else if (now.plus(wait).isAfter(deadline)) {
                stop = asked.isPresent()
                        ? "asked to retry after " + seconds(wait) + ", past the " + seconds(policy.totalBound()) + " bound"
                        : "the next try would end past the " + seconds(policy.totalBound()) + " bound";
            }
            if (stop != null) {
                String reason = retryable + "; gave up " + stop;
                tell(listener, n, status, Attempt.Outcome.GAVE_UP, retryable, Optional.empty());
                return new Delivery.Failed<>(channel, reason, n, lastStatus);
            }
            tell(listener, n, status, Attempt.Outcome.WILL_RETRY, retryable, Optional.of(wait));
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Delivery.Failed<>(channel, retryable + "; interrupted while waiting to retry", n, lastStatus);
            }
        }
    }

    private Duration jittered(Duration base) {
        double cut = policy.jitter() * Math.min(1, Math.max(0, random.getAsDouble()));
        return Duration.ofMillis(Math.round(base.toMillis() * (1 - cut)));
    }

    private void tell(AttemptListener listener, int n, OptionalInt status, Attempt.Outcome outcome, String detail,
                      Optional<Duration> next) {
        try {
            listener.attempted(new Attempt(channel, n, clock.instant(), status, outcome, Credentials.scrub(detail), next));
        } catch (RuntimeException ignored) {
            // the timeline's trouble is not the page's: keep delivering
        }
    }

    private String excerpt(String body) {
        String b = body.strip().replaceAll("\\s+", " ");
        if (b.isEmpty()) return "";
        return ": " + (b.length() > DETAIL_CHARS ? b.substring(0, DETAIL_CHARS) + "…" : b);
    }

    /** {@code Retry-After} as seconds or an HTTP date; absent or unreadable means our own backoff. */
    Optional<Duration> retryAfter(Optional<String> header) {
        if (header.isEmpty()) return Optional.empty();
        String v = header.get().strip();
        try {
            long s = Long.parseLong(v);
            // capped: a day is past any bound already, and a huge number must not overflow the clock
            return s < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(Math.min(s, 86_400)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), when);
                return Optional.of(d.isNegative() ? Duration.ZERO : d.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : d);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public String toString() {
        return "Courier[" + channel.id() + ", " + policy + "]";
    }
}
