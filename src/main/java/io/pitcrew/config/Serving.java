package io.pitcrew.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code serve:} block: how often {@code pitcrew serve} polls what it cannot watch, and where its role tokens are.
 * Command-line flags override each value.
 *
 * @param probeInterval DNS, mirror, health, Coder and LiteLLM probes. LiteLLM's /health calls the upstream models,
 *                      so on a real platform this should stay in seconds, not milliseconds
 * @param poll          metrics.k8s.io and log tails
 * @param liveness      each API server's /version, to notice one that vanished without closing its watches
 * @param tokens        the hashed role tokens file, relative to the config file
 */
public record Serving(Duration probeInterval, Duration poll, Duration liveness, Optional<Path> tokens) {

    public static Serving defaults() {
        return new Serving(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), Optional.empty());
    }
}
