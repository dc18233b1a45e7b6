package io.pitcrew.observe.registry;

import java.time.Duration;
import java.util.Optional;

/**
 * What a registry said about a tag. A closed set, so callers (checks comparing mirror and upstream) must handle
 * every outcome; failures are values here, like everywhere in {@code observe}, not exceptions.
 * None of these ever carries a credential or token: they are printed in findings.
 */
public sealed interface DigestResult {

    /** One human line: "sha256:...", "MANIFEST_UNKNOWN: manifest unknown", "HTTP 401 UNAUTHORIZED: ...", "timeout: ...". */
    default String describe() {
        return switch (this) {
            case Found f -> f.digest();
            case Missing m -> m.code() + ": " + m.message();
            case Denied d -> "HTTP " + d.status() + " " + d.code() + ": " + d.message();
            case RateLimited r -> "HTTP 429 TOOMANYREQUESTS: " + r.message()
                    + r.retryAfter().map(a -> " (retry after " + a.toSeconds() + " s)").orElse("");
            case Unreachable u -> u.reason() + ": " + u.detail();
        };
    }

    /** Whether the registry answered about the tag itself (it is there, or it is not), rather than about pitcrew. */
    default boolean answered() {
        return this instanceof Found || this instanceof Missing;
    }

    /** The manifest exists; {@code digest} is what {@code Docker-Content-Digest} (or the SHA-256 of the bytes) says. */
    record Found(String digest, String mediaType) implements DigestResult {}

    /** 404: {@code MANIFEST_UNKNOWN} (no such tag) or {@code NAME_UNKNOWN} (no such repository). */
    record Missing(String code, String message) implements DigestResult {}

    /** 401/403 after any auth we could do: {@code UNAUTHORIZED} or {@code DENIED}. */
    record Denied(int status, String code, String message) implements DigestResult {}

    /** 429 {@code TOOMANYREQUESTS}; {@code retryAfter} when the registry said how long to wait. */
    record RateLimited(Optional<Duration> retryAfter, String message) implements DigestResult {}

    /**
     * No usable answer: {@code reason} is one of connection-refused, timeout, tls-error, io-error, server-error,
     * unexpected-response; {@code detail} is a one-line human description.
     */
    record Unreachable(String reason, String detail) implements DigestResult {}
}
