package io.pitcrew.server;

import io.pitcrew.server.api.ApiServer;
import io.pitcrew.server.detection.Detector;
import io.pitcrew.server.detection.LeaseName;
import io.pitcrew.server.http.StreamCaps;

import java.time.Duration;
import java.util.Optional;

/**
 * How {@code pitcrew serve} runs.
 *
 * @param port          1-65535, or 0 for any free port (the tests)
 * @param debounce      how long changes are gathered before one evaluation: at most this long after the first change
 * @param resolveGrace  how long a finding must stay away before it is resolved, so a flapping fault stays one finding
 * @param newFor        how long a finding is {@code new} before it is {@code ongoing}
 * @param keepResolved  how long a resolved finding is still listed
 * @param liveness      how often each API server is asked for its version: a server that vanishes without closing
 *                      its watches is noticed by this, and its watches re-established
 * @param pollInterval  metrics.k8s.io and log tails, which cannot be watched
 * @param probeInterval DNS, mirror, health, Coder and LiteLLM probes
 * @param heartbeat     how often each SSE stream that was sent nothing meanwhile is written to: a client that left is
 *                      noticed only by a write failing, so this bounds how long its socket stays open
 * @param streamCaps    how many SSE streams may be open, per client address and in total
 * @param lease         the Lease replicas elect their leader with ({@code --lease}); empty: this serve is alone and leads
 * @param drillNotify   notifications go out while a drill runs ({@code --drill-notify}); by default they are held
 */
public record ServeSettings(String bind, int port, Duration debounce, Duration resolveGrace, Duration newFor,
                            Duration keepResolved, Duration liveness, Duration pollInterval, Duration probeInterval, Duration heartbeat,
                            StreamCaps streamCaps, Optional<LeaseName> lease, boolean drillNotify) {

    public ServeSettings {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port " + port + ": not a port: choose one of 1-65535");
        if (!heartbeat.isPositive()) throw new IllegalArgumentException("--heartbeat " + heartbeat + ": must be longer than 0 (e.g. 15s)");
    }

    /** Alone (no Lease, so it leads), notifications held during a drill. */
    public ServeSettings(String bind, int port, Duration debounce, Duration resolveGrace, Duration newFor, Duration keepResolved,
                         Duration liveness, Duration pollInterval, Duration probeInterval, Duration heartbeat, StreamCaps streamCaps) {
        this(bind, port, debounce, resolveGrace, newFor, keepResolved, liveness, pollInterval, probeInterval, heartbeat, streamCaps, Optional.empty(),
                false);
    }

    /** With the default stream caps. */
    public ServeSettings(String bind, int port, Duration debounce, Duration resolveGrace, Duration newFor, Duration keepResolved,
                         Duration liveness, Duration pollInterval, Duration probeInterval, Duration heartbeat) {
        this(bind, port, debounce, resolveGrace, newFor, keepResolved, liveness, pollInterval, probeInterval, heartbeat, StreamCaps.DEFAULT);
    }

    public static ServeSettings defaults() {
        return new ServeSettings("127.0.0.1", 8461, Duration.ofMillis(200), Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(15));
    }

    public ServeSettings withPort(int p) {
        return new ServeSettings(bind, p, debounce, resolveGrace, newFor, keepResolved, liveness, pollInterval, probeInterval, heartbeat,
                streamCaps, lease, drillNotify);
    }

    public ServeSettings withStreams(Duration beat, StreamCaps caps) {
        return new ServeSettings(bind, port, debounce, resolveGrace, newFor, keepResolved, liveness, pollInterval, probeInterval, beat, caps,
                lease, drillNotify);
    }

    /** Electing a leader with {@code l} among the replicas. */
    public ServeSettings withLease(LeaseName l) {
        return new ServeSettings(bind, port, debounce, resolveGrace, newFor, keepResolved, liveness, pollInterval, probeInterval, heartbeat,
                streamCaps, Optional.of(l), drillNotify);
    }

    /** Notifications sent (true) or held (false) while a drill runs. */
    public ServeSettings withDrillNotify(boolean send) {
        return new ServeSettings(bind, port, debounce, resolveGrace, newFor, keepResolved, liveness, pollInterval, probeInterval, heartbeat,
                streamCaps, lease, send);
    }

    /** What detection reads of these. */
    public Detector.Settings detection() {
        return new Detector.Settings(debounce, resolveGrace, newFor, keepResolved, liveness, pollInterval, probeInterval);
    }

    /** What the HTTP server reads of these. */
    public ApiServer.Settings http() {
        return new ApiServer.Settings(bind, port, heartbeat, streamCaps);
    }
}
