package io.pitcrew.server;

import io.pitcrew.act.Platform;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.drill.Drill;
import io.pitcrew.drill.Drills;
import io.pitcrew.incident.AnnouncedFindings;
import io.pitcrew.incident.IncidentNotices;
import io.pitcrew.incident.Incidents;
import io.pitcrew.notify.Notifier;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.server.access.Access;
import io.pitcrew.server.access.Tokens;
import io.pitcrew.server.api.ApiServer;
import io.pitcrew.server.detection.Detector;
import io.pitcrew.server.detection.DrillSightings;
import io.pitcrew.server.detection.FindingNotices;
import io.pitcrew.server.detection.Leadership;
import io.pitcrew.server.detection.LeaseLeadership;
import io.pitcrew.store.Store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

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
    private final Leadership leadership;
    private final DrillSightings sightings;

    private Serve(Detector detector, Platform platform, ApiServer api, FindingNotices notices, Leadership leadership,
                  DrillSightings sightings) {
        this.detector = detector;
        this.platform = platform;
        this.api = api;
        this.notices = notices;
        this.leadership = leadership;
        this.sightings = sightings;
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

    /**
     * As above, notifying through {@code notifier} (the tests' wire-format fakes). While a drill runs in the store
     * (docs/drills.md), the dashboard says so, every finding that becomes new is a sighting for its score, and the
     * notifier is held unless {@code settings.drillNotify()}.
     */
    static Serve open(PitcrewConfig config, Kubeconfig kubeconfig, Runbook runbook, ServeSettings settings, Tokens tokens, Store store,
                      Notifier notifier) {
        String identity = Leadership.identity();
        // elected before anything watches: a replica that cannot take part (refused the Lease) stops at start
        Leadership leadership = settings.lease()
                .<Leadership>map(l -> LeaseLeadership.elect(config, kubeconfig, l, identity, LeaseLeadership.Timing.DEFAULT, System.err))
                .orElseGet(Leadership::alone);
        Detector detector = null;
        Platform platform = null;
        try {
            detector = new Detector(config, kubeconfig, runbook, settings.detection(), Clock.systemUTC());
            detector.metrics().follow(leadership);
            platform = Platform.connect(config, kubeconfig);
            Incidents incidents = new Incidents(store, Clock.systemUTC());
            Drills drills = new Drills(store);
            Supplier<Optional<Drill>> drill = () -> running(drills);
            // held by when each notice's event happened, not when it is sent: a drill's finding sent after the drill
            // ended is still the rehearsal's
            Notifier told = settings.drillNotify() ? notifier : notifier.heldDuring(at -> ranAt(drills, at));
            // findings go to Slack only (never page for a finding); incidents as the CLI's commands announce them
            FindingNotices notices = FindingNotices.follow(detector, new AnnouncedFindings(store, Clock.systemUTC(), identity),
                    Optional.of(told).filter(n -> n.slack().isPresent()), leadership);
            DrillSightings sightings = new DrillSightings(drills);
            detector.onChange(sightings);
            IncidentNotices announced = new IncidentNotices(told, incidents, line -> {});
            return new Serve(detector, platform, new ApiServer(detector, new Access(tokens, Clock.systemUTC()), settings.http(),
                    incidents, announced, store.audit(), platform, config.regions().stream().map(Region::name).toList(), drill),
                    notices, leadership, sightings);
        } catch (RuntimeException e) {
            if (platform != null) platform.close();
            if (detector != null) detector.close();
            leadership.close();
            throw e;
        }
    }

    /** The drill running in the store; none when the store cannot say (a real incident is never held by a broken store). */
    private static Optional<Drill> running(Drills drills) {
        try {
            return drills.running();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether a drill ran at {@code at}; no when the store cannot say (a real incident is never held by a broken store). */
    private static boolean ranAt(Drills drills, Instant at) {
        try {
            return drills.ranAt(at);
        } catch (RuntimeException e) {
            return false;
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

    /** Whether this replica leads (records and announces finding transitions). */
    public boolean leads() {
        return leadership.leads();
    }

    /**
     * Stops answering and watching, lets what is being announced finish while still leading, then gives the lead up,
     * so another replica takes over at once rather than when the Lease lapses.
     */
    @Override
    public void close() {
        api.close();
        detector.close();
        notices.close();
        sightings.close();
        leadership.close();
        platform.close();
    }
}
