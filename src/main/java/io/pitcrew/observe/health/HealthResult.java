package io.pitcrew.observe.health;

import java.time.Duration;

/**
 * What one {@code GET /healthz} came to — the runbook's {@code curl -I https://<region>/healthz} as a value.
 * A closed set, so a check must say what it does with each; failures are values here, as everywhere in
 * {@code observe}, never exceptions.
 */
public sealed interface HealthResult {

    /** A 2xx answer (Coder says 200 {@code OK}). */
    record Healthy(int status, Duration latency) implements HealthResult {}

    /**
     * Any other status, redirects included (a health URL that redirects is misconfigured, not healthy).
     * {@code bodyExcerpt} is at most {@value HealthProbe#EXCERPT_CHARS} characters of what the server said,
     * since Coder explains a failure in a {@code {"message":...}} body.
     */
    record Unhealthy(int status, String bodyExcerpt, Duration latency) implements HealthResult {}

    /** The TLS handshake failed: untrusted or expired certificate, wrong hostname, no common protocol. */
    record TlsError(String detail) implements HealthResult {}

    /**
     * No answer: {@code reason} is one of connection-refused, timeout, dns, io;
     * {@code detail} is a one-line human description naming the host.
     */
    record Unreachable(String reason, String detail) implements HealthResult {}
}
