package io.pitcrew.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One try at delivering a notification, as the incident timeline records it. The detail is what the service
 * answered (its error text, cut short) or why nothing was answered; it never holds a secret.
 *
 * @param status    the HTTP status, absent when no answer came (connection refused, timeout)
 * @param nextRetry when {@code outcome} is {@link Outcome#WILL_RETRY}: how long until the next try
 */
public record Attempt(Channel channel, int number, Instant at, OptionalInt status, Outcome outcome, String detail,
                      Optional<Duration> nextRetry) {

    public enum Outcome {
        /** The service took it. */
        DELIVERED,
        /** 429, 5xx or no connection: tried again after {@code nextRetry}. */
        WILL_RETRY,
        /** The service refused it (400, 404, 410, 422, ...): trying again would not help. */
        REFUSED,
        /** Retryable, but attempts or time ran out. */
        GAVE_UP
    }

    /** "slack attempt 2: HTTP 429 (rate limited); retry in 3 s", for logs and the timeline. */
    public String describe() {
        String s = channel.id() + " attempt " + number + ": "
                + (status.isPresent() ? "HTTP " + status.getAsInt() : "no answer")
                + " " + outcome.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (detail.isEmpty() ? "" : " (" + detail + ")");
        return nextRetry.map(d -> s + "; retry in " + d.toMillis() + " ms").orElse(s);
    }
}
