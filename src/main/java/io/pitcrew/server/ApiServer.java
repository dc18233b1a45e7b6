package io.pitcrew.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.doctor.RegionStatus;
import io.pitcrew.incident.Incidents;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API of {@code pitcrew serve}: {@code /api/*} behind the bearer token, {@code /healthz}, {@code /readyz} and
 * {@code /metrics} open. Everything is JSON written by Jackson, never assembled by hand.
 */
final class ApiServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One region in {@code /api/regions}: doctor's status of it plus the state of its watches. */
    record RegionView(String name, String role, String context, String status, String error, int nodes, int pods,
                      int workspaces, List<String> gaps, long watchReconnects) {}

    record FindingsView(Instant evaluatedAt, List<String> notAsked, List<TrackedFinding> findings) {}

    private final Detector detector;
    private final Incidents incidents;
    private final BearerToken token;
    private final List<SseClient> streams = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.ExecutorService fanout = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
    private final Javalin app;
    private final Function<Context, Optional<Principal>> principals;
    private final StatusPage statusPage;

    ApiServer(Detector detector, BearerToken token, ServeSettings settings, Incidents incidents, List<String> regionNames) {
        this(detector, token, settings, incidents, regionNames, bearerOnly(token));
    }

    /** @param principals who is calling; the bearer token alone until browser sessions (issue 7, item 5) are merged */
    ApiServer(Detector detector, BearerToken token, ServeSettings settings, Incidents incidents, List<String> regionNames,
              Function<Context, Optional<Principal>> principals) {
        this.detector = detector;
        this.incidents = incidents;
        this.token = token;
        this.principals = principals;
        this.statusPage = new StatusPage(regionNames, () -> detector.state().findings().stream()
                .filter(TrackedFinding::active).map(TrackedFinding::finding).toList(), incidents, java.time.Clock.systemUTC());
        Dashboard dashboard = new Dashboard(principals, this::regions, incidents);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.beforeMatched("/api/*", this::authorize);
            // Javalin answers an SSE route only for Accept: text/event-stream (EventSource sends it); say so, not an empty 200
            config.routes.beforeMatched("/api/stream", ctx -> {
                String accept = ctx.header("Accept");
                if (ctx.status().getCode() < 400 && (accept == null || !accept.contains("text/event-stream"))) {
                    json(ctx, 406, Map.of("error", "/api/stream is a server-sent event stream: send Accept: text/event-stream"));
                    ctx.skipRemainingHandlers();
                }
            });
            Pages.routes(config.routes);
            statusPage.routes(config.routes);
            dashboard.routes(config.routes);
            config.routes.get("/healthz", ctx -> json(ctx, 200, Map.of("status", "ok")));
            config.routes.get("/readyz", this::readyz);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(detector.metrics().render(detector.state().findings(), detector.gauges())));
            config.routes.get("/api/findings", ctx -> {
                Detector.State s = detector.state();
                json(ctx, 200, new FindingsView(s.evaluatedAt(), s.report() == null ? List.of() : s.report().notAsked(), s.findings()));
            });
            config.routes.get("/api/regions", ctx -> json(ctx, 200, Map.of("regions", regions())));
            config.routes.sse("/api/stream", client -> {
                client.keepAlive();
                client.onClose(() -> streams.remove(client));
                streams.add(client);
                // the current picture first, so a client that connects late knows where things stand
                for (TrackedFinding t : detector.state().findings()) send(client, TrackedFinding.Change.of("current", t));
            });
        });
        // fan-out on its own thread: a slow stream reader must never hold up the next evaluation
        detector.onChange(changes -> statusPage.refresh());
        detector.onChange(changes -> fanout.execute(() -> streams.forEach(client -> changes.forEach(change -> send(client, change)))));
        heartbeat.scheduleWithFixedDelay(() -> streams.forEach(client -> {
            try {
                client.sendEvent("heartbeat", JSON.writeValueAsString(Map.of("at", Instant.now().toString())));
            } catch (RuntimeException e) {
                streams.remove(client);
            }
        }), settings.heartbeat().toMillis(), settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        app.start(settings.bind(), settings.port());
    }

    int port() {
        return app.port();
    }

    /** The temporary resolver: a valid bearer token is the operator, with every role. */
    static Function<Context, Optional<Principal>> bearerOnly(BearerToken token) {
        return ctx -> token.accepts(ctx.header("Authorization")) ? Optional.of(new Principal("operator", Role.COMMANDER, null)) : Optional.empty();
    }

    /** For a handler that changed an incident: the status page shows it now instead of at the next poll. */
    StatusPage statusPage() {
        return statusPage;
    }

    private void authorize(Context ctx) {
        if (principals.apply(ctx).isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            json(ctx, 401, Map.of("error", "a valid bearer token is required"));
            ctx.skipRemainingHandlers();
        }
    }

    private void readyz(Context ctx) {
        if (detector.state().ready()) json(ctx, 200, Map.of("status", "ready"));
        else json(ctx, 503, Map.of("status", "syncing", "detail", "waiting for every region's first list and the first probes"));
    }

    private List<RegionView> regions() {
        DoctorReport report = detector.state().report();
        if (report == null) return List.of();
        Map<String, Long> reconnects = detector.reconnects();
        return report.regions().stream().map((RegionStatus r) -> new RegionView(r.name(), r.role(), r.context(), r.status(),
                r.error(), r.nodes(), r.pods(), r.workspaces(), r.gaps(), reconnects.getOrDefault(r.name(), 0L))).toList();
    }

    private void send(SseClient client, TrackedFinding.Change change) {
        try {
            client.sendEvent("finding", JSON.writeValueAsString(change));
        } catch (RuntimeException e) {
            streams.remove(client);
        }
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    @Override
    public void close() {
        statusPage.close();
        heartbeat.shutdownNow();
        fanout.shutdownNow();
        streams.forEach(SseClient::close);
        app.stop();
    }
}
