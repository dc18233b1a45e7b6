package io.pitcrew.notify;

import io.pitcrew.redact.Credentials;

import javax.net.ssl.SSLException;
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
 * POSTs one JSON body to one service. {@link #post} is one try, whose result says whether another may follow;
 * {@link #deliver} tries again around it on 429 (after {@code Retry-After}), 5xx and failures to connect, and on
 * nothing else, within a {@link RetryPolicy}. Every try is told to an {@link AttemptListener}; the result is a
 * {@link Delivery}, never an exception.
 *
 * <p>A timeout after the request was sent is not retried: the service may have acted on it (GitHub would open a
 * second issue). Redirects are not followed, because the JDK would resend the credentials to wherever they point.
 */
final class Courier {

    /** What a channel makes of an answer that is not retried: its value, why it was refused, or that it is unreadable. */
    sealed interface Reading<T> {
        record Accepted<T>(T value, String detail) implements Reading<T> {}

        record Refused<T>(String reason) implements Reading<T> {}

        /** A success status whose body says nothing usable: the service may have acted, so it is not sent again. */
        record Unreadable<T>(String reason) implements Reading<T> {}
    }

    @FunctionalInterface
    interface Reader<T> {
        Reading<T> read(int status, String body);
    }

    /** What one try came to; every reason is free of credentials. */
    sealed interface Posted<T> {

        /** The HTTP status of the answer, absent when none came. */
        OptionalInt status();

        /** The service took it. */
        record Accepted<T>(T value, String detail, OptionalInt status) implements Posted<T> {}

        /** The service said no, or the request could not be made: final. */
        record Refused<T>(String reason, OptionalInt status) implements Posted<T> {}

        /** Sent, maybe acted on, without an answer (or interrupted): final, as repeating it is not safe. */
        record Unanswered<T>(String reason) implements Posted<T> {
            @Override
            public OptionalInt status() {
                return OptionalInt.empty();
            }
        }

        /** Worth another try (429, 5xx, no connection), after {@code retryAfter} when the service asked for a wait. */
        record Retryable<T>(String reason, OptionalInt status, Optional<Duration> retryAfter) implements Posted<T> {}
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

    /** {@link #post} until it is final, the policy's attempts are used up, or the next wait would end past its bound. */
    <T> Delivery<T> deliver(URI uri, Map<String, String> headers, String json, Reader<T> reader, AttemptListener listener) {
        Instant deadline = clock.instant().plus(policy.totalBound());
        OptionalInt lastStatus = OptionalInt.empty();
        for (int n = 1; ; n++) {
            Duration left = Duration.between(clock.instant(), deadline);
            Posted<T> posted = post(uri, headers, json, reader,
                    min(policy.requestTimeout(), left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left));
            if (posted.status().isPresent()) lastStatus = posted.status();
            Posted.Retryable<T> retryable;
            switch (posted) {
                case Posted.Accepted<T> a -> {
                    tell(listener, n, a.status(), Attempt.Outcome.DELIVERED, a.detail(), Optional.empty());
                    return new Delivery.Delivered<>(channel, a.value(), n);
                }
                case Posted.Refused<T> r -> {
                    tell(listener, n, r.status(), Attempt.Outcome.REFUSED, r.reason(), Optional.empty());
                    return new Delivery.Failed<>(channel, r.reason(), n, lastStatus);
                }
                case Posted.Unanswered<T> u -> {
                    tell(listener, n, OptionalInt.empty(), Attempt.Outcome.GAVE_UP, u.reason(), Optional.empty());
                    return new Delivery.Failed<>(channel, u.reason(), n, lastStatus);
                }
                case Posted.Retryable<T> r -> retryable = r;
            }
            Duration wait = retryable.retryAfter().isPresent() ? retryable.retryAfter().get() : jittered(policy.backoff(n));
            String stop = null;
            if (n >= policy.maxAttempts()) {
                stop = "after " + n + " attempts";
            } else if (clock.instant().plus(wait).isAfter(deadline)) {
                stop = retryable.retryAfter().isPresent()
                        ? "asked to retry after " + seconds(wait) + ", past the " + seconds(policy.totalBound()) + " bound"
                        : "the next try would end past the " + seconds(policy.totalBound()) + " bound";
            }
            if (stop != null) {
                tell(listener, n, retryable.status(), Attempt.Outcome.GAVE_UP, retryable.reason(), Optional.empty());
                return new Delivery.Failed<>(channel, retryable.reason() + "; gave up " + stop, n, lastStatus);
            }
            tell(listener, n, retryable.status(), Attempt.Outcome.WILL_RETRY, retryable.reason(), Optional.of(wait));
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Delivery.Failed<>(channel, retryable.reason() + "; interrupted while waiting to retry", n, lastStatus);
            }
        }
    }

    /** One try, answered within {@code timeout}; what the channel's {@code reader} makes of an answer not retried. */
    <T> Posted<T> post(URI uri, Map<String, String> headers, String json, Reader<T> reader, Duration timeout) {
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            headers.forEach(b::header);
            request = b.build();
        } catch (IllegalArgumentException e) {
            // the JDK's message may quote a header value, i.e. a credential: say only where
            return new Posted.Refused<>("cannot send to " + uri.getAuthority() + ": not a usable address or header", OptionalInt.empty());
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            OptionalInt status = OptionalInt.of(response.statusCode());
            int code = response.statusCode();
            String body = response.body() == null ? "" : response.body();
            if (code == 429) {
                return new Posted.Retryable<>(Credentials.scrub("rate limited" + excerpt(body)), status,
                        retryAfter(response.headers().firstValue("Retry-After")));
            }
            if (code >= 500) return new Posted.Retryable<>(Credentials.scrub("server error" + excerpt(body)), status, Optional.empty());
            return switch (reader.read(code, body)) {
                case Reading.Accepted<T> a -> new Posted.Accepted<>(a.value(), a.detail(), status);
                case Reading.Refused<T> r -> new Posted.Refused<>(Credentials.scrub(r.reason()), status);
                case Reading.Unreadable<T> u -> new Posted.Unanswered<>(Credentials.scrub(u.reason()));
            };
        } catch (HttpConnectTimeoutException e) {
            return new Posted.Retryable<>(Credentials.scrub("could not connect within " + policy.requestTimeout().toMillis() + " ms"),
                    OptionalInt.empty(), Optional.empty());
        } catch (HttpTimeoutException e) {
            // sent, maybe acted on: not safe to repeat
            return new Posted.Unanswered<>("no answer within the timeout from " + uri.getAuthority());
        } catch (ConnectException e) {
            return new Posted.Retryable<>(Credentials.scrub("connection refused by " + uri.getAuthority()), OptionalInt.empty(), Optional.empty());
        } catch (SSLException e) {
            return new Posted.Unanswered<>("could not send to " + uri.getAuthority()
                    + ": TLS failed (its certificate was refused: expired, for another host, or not trusted)");
        } catch (IOException e) {
            // never the JDK's message, which may quote what was sent; and not its class name either, which says
            // nothing to a responder: after a connection, an IOException is the exchange broken off
            return new Posted.Unanswered<>(Credentials.scrub("could not send to " + uri.getAuthority()
                    + ": the connection broke before the whole answer came (closed or reset)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Posted.Unanswered<>("interrupted");
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
