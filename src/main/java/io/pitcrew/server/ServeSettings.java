package io.pitcrew.server;

import java.time.Duration;

/**
 * How {@code pitcrew serve} runs.
 *
 * @param debounce      how long changes are gathered before one evaluation: at most this long after the first change
 * @param resolveGrace  how long a finding must stay away before it is resolved, so a flapping fault stays one finding
 * @param newFor        how long a finding is {@code new} before it is {@code ongoing}
 * @param keepResolved  how long a resolved finding is still listed
 * @param liveness      how often each API server is asked for its version: a server that vanishes without closing
 *                      its watches is noticed by this, and its watches re-established
 * @param pollInterval  metrics.k8s.io and log tails, which cannot be watched
 * @param probeInterval DNS, mirror, health, Coder and LiteLLM probes
 * @param heartbeat     how often the SSE stream says it is alive
 */
public record ServeSettings(String bind, int port, Duration debounce, Duration resolveGrace, Duration newFor,
                            Duration keepResolved, Duration liveness, Duration pollInterval, Duration probeInterval, Duration heartbeat) {

    public static ServeSettings defaults() {
        return new ServeSettings("127.0.0.1", 8461, Duration.ofMillis(200), Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(15));
    }

    public ServeSettings withPort(int p) {
        return new ServeSettings(bind, p, debounce, resolveGrace, newFor, keepResolved, liveness, pollInterval, probeInterval, heartbeat);
    }
}
