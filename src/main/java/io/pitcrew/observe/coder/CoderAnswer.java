package io.pitcrew.observe.coder;

/**
 * What coderd said when asked one question. A closed set so callers handle every outcome; failures are values, as
 * everywhere in {@code observe}. None of these ever carries the session token: they end up in findings.
 */
public sealed interface CoderAnswer<T> {

    /** The documented answer, parsed. */
    record Answered<T>(T value) implements CoderAnswer<T> {}

    /** 401, 403 or 404, with Coder's own {@code message} (401: the token is wrong or expired; 403: not permitted). */
    record Rejected<T>(int status, String message) implements CoderAnswer<T> {}

    /**
     * No usable answer: {@code reason} is connection-refused, timeout, tls or io for transport failures, rate-limited (429), and
     * server-error (5xx) or unexpected-response (another status, a redirect, a body that is not the documented
     * shape) when coderd answered but not as documented; {@code detail} is one human line.
     */
    record Unreachable<T>(String reason, String detail) implements CoderAnswer<T> {}

    /** One line for a finding or a gap: what went wrong, or "ok". */
    default String describe() {
        return switch (this) {
            case Answered<T> a -> "ok";
            case Rejected<T> r -> "HTTP " + r.status() + ": " + r.message();
            case Unreachable<T> u -> u.reason() + ": " + u.detail();
        };
    }
}
