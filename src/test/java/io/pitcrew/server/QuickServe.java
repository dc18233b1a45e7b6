package io.pitcrew.server;

import java.time.Duration;

/**
 * The settings every serve test runs with: any free port, a one-second resolve grace and fast liveness, polls and
 * probes, so a fault and its reset both show within seconds; the debounce is serve's own default.
 */
public final class QuickServe {

    private QuickServe() {}

    public static ServeSettings settings() {
        return new ServeSettings("127.0.0.1", 0, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofHours(1), Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1));
    }
}
