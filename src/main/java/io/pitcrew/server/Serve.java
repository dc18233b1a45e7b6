package io.pitcrew.server;

import io.pitcrew.act.Platform;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.incident.IncidentNotices;
import io.pitcrew.incident.Incidents;
import io.pitcrew.notify.Notifier;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.server.access.Access;
import io.pitcrew.server.access.Tokens;
import io.pitcrew.server.api.ApiServer;
import io.pitcrew.server.detection.Detector;
import io.pitcrew.server.detection.FindingNotices;
import io.pitcrew.store.Store;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code pitcrew serve}: the HTTP API up first (so {@code /readyz} can say "not yet"), then detection. Puts the rooms
 * together: {@code detection} (watches, evaluations, findings over time), {@code access} (who calls), {@code api} and
 * {@code pages} (what they are answered), on {@code http}'s plumbing.
 */
public final class Serve implements AutoCloseable {

    private final Detector detector;
    private final Platform platform;
    private final ApiServer api;
    private final FindingNotices notices;

    private Serve(Detector detector, Platform platform, ApiServer api, FindingNotices notices) {
        this.detector = detector;
        this.platform = platform;
        this.api = api;
        this.notices = notices;
    }

    /**
     * Serves the API on {@code settings.bind():port} without watching anything yet; {@link #watch()} starts detection.
     * The store (incidents, audit log) stays the caller's to close.
     */
    public static Serve open(PitcrewConfig config, Kubeconfig kubeconfig, Runbook runbook, ServeSettings settings, String token, Store store) {
        return open(config, kubeconfig, runbook, settings, Tokens.operator(token), store);
    }

    /** As above, with every token and its role; actions get their own clients from the same kubeconfig. */
    public static Serve open(PitcrewConfig config, Kubeconfig kubeconfig, Runbook runbook, ServeSettings settings, Tokens tokens, Store store) {
        Notifier notifier = Notifier.from(config.notifications());
        notifier.unavailable().forEach(u -> System.err.println("warning: notifications: " + u));
        return open(config, kubeconfig, runbook, settings, tokens, store, notifier);
    }

    /** As above, notifying through {@code notifier} (the tests' wire-format fakes). */
    static Serve open(PitcrewConfig config, Kubeconfig kubeconfig, Runbook runbook, ServeSettings settings, Tokens tokens, Store store,
                      Notifier notifier) {
        Detector detector = new Detector(config, kubeconfig, runbook, settings.detection(), Clock.systemUTC());
        Platform platform = Platform.connect(config, kubeconfig);
        try {
            Incidents incidents = new Incidents(store, Clock.systemUTC());
            // findings go to Slack only (never page for a finding); incidents as the CLI's commands announce them
            FindingNotices notices = new FindingNotices(Optional.of(notifier).filter(n -> n.slack().isPresent()), incidents, detector.metrics());
            detector.onChange(notices);
            IncidentNotices announced = new IncidentNotices(notifier, incidents, line -> {});
            return new Serve(detector, platform, new ApiServer(detector, new Access(tokens, Clock.systemUTC()), settings.http(),
                    incidents, announced, store.audit(), platform, config.regions().stream().map(Region::name).toList()), notices);
        } catch (RuntimeException e) {
            platform.close();
            detector.close();
            throw e;
        }
    }

    /** Every HTTP route and the role it needs, for the permission tests. */
    public List<ApiServer.Route> routes() {
        return api.routes();
    }

    /** Who is calling a request, for pages served next to the API (the dashboard). */
    public Access access() {
        return api.access();
    }

    public Serve watch() {
        detector.start();
        return this;
    }

    public int port() {
        return api.port();
    }

    /** Event streams open now ({@code /api/stream} and {@code /status/stream}), for the tests that they are let go. */
    public int openStreams() {
        return api.openStreams();
    }

    @Override
    public void close() {
        api.close();
        platform.close();
        detector.close();
        notices.close();
    }
}
