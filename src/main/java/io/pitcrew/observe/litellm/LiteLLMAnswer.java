package io.pitcrew.observe.litellm;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the LiteLLM proxy said to one request (platform-apis.md "LiteLLM proxy"). A closed set so a check handles
 * every outcome; failures are values, as everywhere in {@code observe}. None of these ever carries the key: every
 * message LiteLLM sends back is cleaned of it (LiteLLM quotes "Received API Key = sk-...") before it is kept.
 */
public sealed interface LiteLLMAnswer {

    /** One human line: "HTTP 503: Service Unhealthy (...)", "HTTP 401 token_not_found_in_db: ...", "timeout: ...". */
    default String describe() {
        return switch (this) {
            case Up u -> "HTTP " + u.status() + (u.detail().isEmpty() ? "" : ": " + u.detail());
            case Models m -> m.unhealthy().size() + " of " + (m.healthy().size() + m.unhealthy().size()) + " model deployments unhealthy";
            case Refused r -> "HTTP " + r.status() + (r.type().isEmpty() ? "" : " " + r.type())
                    + (r.message().isEmpty() ? "" : ": " + r.message())
                    + r.retryAfter().map(d -> " (retry after " + d.toSeconds() + "s)").orElse("");
            case Unreachable u -> u.reason() + ": " + u.detail();
        };
    }

    /** {@code /health/readiness} or {@code /health/liveliness} answered 2xx; detail e.g. "db connected, litellm 1.74.3". */
    record Up(int status, String detail) implements LiteLLMAnswer {}

    /** {@code /health} answered: the model deployments whose test call worked, and those that failed with the provider's error. */
    record Models(List<ModelEndpoint> healthy, List<ModelEndpoint> unhealthy) implements LiteLLMAnswer {
        public Models {
            healthy = List.copyOf(healthy);
            unhealthy = List.copyOf(unhealthy);
        }
    }

    /**
     * LiteLLM answered with an error status, its body {@code {"error":{"message","type","param","code"}}} (or
     * FastAPI's {@code {"detail": ...}}) read into {@code refusal}.
     *
     * @param type       LiteLLM's error type as sent (auth_error, token_not_found_in_db, expired_key, throttling_error, ...)
     * @param retryAfter the {@code retry-after} header of a 429, when it gives seconds
     */
    record Refused(int status, Refusal refusal, String type, String message, Optional<Duration> retryAfter)
            implements LiteLLMAnswer {}

    /**
     * No usable answer: {@code reason} is connection-refused, dns, timeout, tls, io, or unexpected-response (a
     * redirect, a body that is not the documented shape); {@code detail} is one human line naming the host.
     */
    record Unreachable(String reason, String detail) implements LiteLLMAnswer {}

    /** Why LiteLLM refused, from status, error type and message, as the versions in platform-apis.md send them. */
    enum Refusal {
        /** 401 without a usable key: "No api key passed in" and other {@code auth_error}s. */
        NO_KEY,
        /** 401 "Invalid proxy server token passed" / {@code token_not_found_in_db}: the key is unknown. */
        INVALID_KEY,
        /** {@code expired_key}, 400 in most versions, 401 in newer: "Authentication Error - Expired Key". */
        EXPIRED_KEY,
        /** 429, from LiteLLM's own limits or the provider's ({@code throttling_error}, "litellm.RateLimitError"). */
        RATE_LIMITED,
        /** 404: no such route (an older LiteLLM, or the URL points at something else). */
        NOT_FOUND,
        /** 503 "Service Unhealthy": readiness failing, e.g. the database is disconnected. */
        UNAVAILABLE,
        /** Any other error status. */
        OTHER
    }

    /**
     * One model deployment in {@code /health}. {@code error} is empty for a healthy one; for an unhealthy one it is
     * the provider's error as LiteLLM reports it, e.g. "litellm.AuthenticationError: BedrockException ...".
     */
    record ModelEndpoint(String model, String apiBase, String error) {}
}
