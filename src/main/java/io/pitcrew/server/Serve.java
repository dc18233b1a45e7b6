package io.pitcrew.server;

import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.incident.Incidents;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.store.Store;

import java.time.Clock;

/** {@code pitcrew serve}: the HTTP API up first (so {@code /readyz} can say "not yet"), then detection. */
public final class Serve implements AutoCloseable {

    private final Detector detector;
    private final ApiServer api;

    private Serve(Detector detector, ApiServer api) {
        this.detector = detector;
        this.api = api;
    }

    /**
     * Serves the API on {@code settings.bind():port} without watching anything yet; {@link #watch()} starts detection.
     * The store (incidents, audit log) stays the caller's to close.
     */
    public static Serve open(PitcrewConfig config, Kubeconfig kubeconfig, Runbook runbook, ServeSettings settings, String token, Store store) {
        return open(config, kubeconfig, runbook, settings, token, store, ApiServer.bearerOnly(BearerToken.of(token)));
    }

    /** As above, with who is calling decided by {@code principals} (browser sessions; the browser tests' stand-in). */
    public static Serve open(PitcrewConfig config, Kubeconfig kubeconfig, Runbook runbook, ServeSettings settings, String token, Store store,
                             java.util.function.Function<io.javalin.http.Context, java.util.Optional<Principal>> principals) {
        Detector detector = new Detector(config, kubeconfig, runbook, settings, Clock.systemUTC());
        try {
            return new Serve(detector, new ApiServer(detector, BearerToken.of(token), settings, new Incidents(store, Clock.systemUTC()),
                    config.regions().stream().map(io.pitcrew.config.Region::name).toList(), principals));
        } catch (RuntimeException e) {
            detector.close();
            throw e;
        }
    }

    /** The API token from {@code --token-file}, else from {@code $PITCREW_SERVE_TOKEN}; never printed. */
    public static String token(java.util.Optional<java.nio.file.Path> file) {
        java.util.Optional<String> token = file.isPresent()
                ? java.util.Optional.of(readToken(file.get())) : java.util.Optional.ofNullable(System.getenv(BearerToken.ENV));
        return token.filter(t -> !t.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                "the API needs a token: --token-file FILE or $" + BearerToken.ENV));
    }

    private static String readToken(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the token file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    public Serve watch() {
        detector.start();
        return this;
    }

    public int port() {
        return api.port();
    }

    @Override
    public void close() {
        api.close();
        detector.close();
    }
}
