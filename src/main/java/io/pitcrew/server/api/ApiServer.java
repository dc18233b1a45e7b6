package io.pitcrew.server.api;

import io.javalin.Javalin;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import io.javalin.http.Context;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.doctor.ReportJson;
import io.pitcrew.doctor.ReportSource;
import io.pitcrew.drill.Drill;
import io.javalin.security.RouteRole;
import io.pitcrew.act.Platform;
import io.pitcrew.incident.IncidentNotices;
import io.pitcrew.incident.Incidents;
import io.pitcrew.redact.Credentials;
import io.pitcrew.server.access.Access;
import io.pitcrew.server.access.Principal;
import io.pitcrew.server.access.RequiredRole;
import io.pitcrew.server.access.Role;
import io.pitcrew.server.detection.Detector;
import io.pitcrew.server.detection.TrackedFinding;
import io.pitcrew.server.http.BareErrors;
import io.pitcrew.server.http.EventStream;
import io.pitcrew.server.http.JsonBody;
import io.pitcrew.server.http.StreamCaps;
import io.pitcrew.server.http.StreamSlots;
import io.pitcrew.server.pages.Assets;
import io.pitcrew.server.pages.Dashboard;
import io.pitcrew.server.pages.DrillBanner;
import io.pitcrew.server.pages.StatusPage;
import io.pitcrew.store.AuditLog;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API of {@code pitcrew serve}: {@code /api/*} behind {@link Access} (token or session, CSRF, each route's
 * role), {@code /healthz}, {@code /readyz} and {@code /metrics} open. Everything is JSON written by Jackson, never assembled by hand.
 */
public final class ApiServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Where and how it listens, and its event streams: the part of {@code ServeSettings} it reads.
     *
     * @param port       1-65535, or 0 for any free port (the tests)
     * @param heartbeat  how often each SSE stream that was sent nothing meanwhile is written to
     * @param streamCaps how many SSE streams may be open, per client address and in total
     */
    public record Settings(String bind, int port, Duration heartbeat, StreamCaps streamCaps) {}

    record FindingsView(Instant evaluatedAt, List<String> notAsked, List<TrackedFinding> findings) {}

    /** {@code GET /api/drill}: the drill running now, or null. */
    record DrillView(Running drill) {
        record Running(String id, String startedAt, boolean notificationsHeld, String text) {}
    }

    /** A registered HTTP route and the least role it needs (null for the open ones), for the permission tests. */
    public record Route(String method, String path, Role role) {}

    private final ServerSocketChannel listening;
    private final Detector detector;
    private final Access access;
    private final StreamSlots slots;
    private final EventStream stream;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
    private final Javalin app;
    private final Function<Context, Optional<Principal>> principals;
    private final StatusPage statusPage;
    private final IncidentRoutes incidentRoutes;
    /** Every HTTP route as Javalin announced it when added (its handler-added event, public API). */
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    /**
     * @param drill the drill running on the platform now, if one is: the dashboard's banner and {@code /api/drill}, which
     *              say whether {@code notices} are held meanwhile
     */
    public ApiServer(Detector detector, Access access, Settings settings, Incidents incidents, IncidentNotices notices,
              AuditLog audit, Platform platform, List<String> regionNames, Supplier<Optional<Drill>> drill) {
        // bound first, before anything starts: a port in use or an address not ours is one clear line, not Jetty's trace
        this.listening = ListenAddress.bind(settings.bind(), settings.port());
        this.detector = detector;
        this.access = access;
        this.principals = access::principal;
        // one count for both streams: they share the sockets a cap protects
        this.slots = new StreamSlots(settings.streamCaps());
        this.stream = new EventStream("/api/stream", EventStream.Backlog.EVERY, slots, settings.heartbeat());
        this.statusPage = new StatusPage(regionNames, () -> detector.state().findings().stream()
                .filter(TrackedFinding::active).map(TrackedFinding::finding).toList(), incidents, Clock.systemUTC(), slots, settings.heartbeat());
        this.incidentRoutes = new IncidentRoutes(incidents, audit, detector, notices, statusPage::refresh);
        Supplier<Optional<DrillBanner>> banner = () -> drill.get().map(d -> new DrillBanner(d.id(), d.startedAt(), notices.notifier().held()));
        Dashboard dashboard = new Dashboard(principals, detector::regions, incidents, banner, Clock.systemUTC());
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.events.handlerAdded(added -> {
                if (added.getHttpMethod().isHttpMethod()) {
                    routes.add(new Route(added.getHttpMethod().name(), added.getPath(), requiredRole(added.getRoles())));
                }
            });
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                try {
                    connector.open(listening);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return connector;
            });
            config.http.maxRequestSize = ApiErrors.MAX_BODY;
            // every answer: live state and whoever asked for it, so never kept by a cache, and never read as another type
            // than it says; the assets alone may be cached
            config.routes.before(ctx -> {
                // no answer may be framed or load anything (pages replace the policy with their own, Html) or be read as
                // another type than it says; only the assets may be cached
                BareErrors.HEADERS.forEach((name, value) -> {
                    if (!name.equals("Cache-Control") || !ctx.path().startsWith("/assets/")) ctx.header(name, value);
                });
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(new BareErrors()));
            access.register(config.routes);
            ApiErrors.register(config.routes);
            Assets.routes(config.routes);
            statusPage.routes(config.routes);
            dashboard.routes(config.routes);
            config.routes.get("/healthz", ctx -> json(ctx, 200, Map.of("status", "ok")));
            config.routes.get("/readyz", this::readyz);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(detector.metrics().render(detector.state().findings(), detector.gauges())));
            // The last guard for every answer and page, behind the scrubbing done where answers are read: no text
            // served can carry a credential pitcrew sends (redact.Credentials). Streams are scrubbed per event.
            config.routes.after(ApiServer::scrub);
            config.routes.get("/api/findings", ctx -> {
                Detector.State s = detector.state();
                json(ctx, 200, new FindingsView(s.evaluatedAt(), s.report() == null ? List.of() : s.report().notAsked(), s.findings()));
            }, RequiredRole.VIEWER);
            config.routes.get("/api/regions", ctx -> json(ctx, 200, Map.of("regions", detector.regions())), RequiredRole.VIEWER);
            config.routes.get("/api/drill", ctx -> json(ctx, 200, new DrillView(banner.get().map(d -> new DrillView.Running(d.drill(),
                    d.startedAt().toString(), d.notificationsHeld(), d.text())).orElse(null))), RequiredRole.VIEWER);
            // what /api/findings and /api/regions show, as the one document doctor prints: doctor --server renders it
            config.routes.get("/api/report", this::report, RequiredRole.VIEWER);
            incidentRoutes.register(config.routes);
            new ActionRoutes(platform, audit, incidents, detector, Clock.systemUTC()).register(config.routes);
            new AuditRoutes(audit).register(config.routes);
            config.routes.get("/api/stream", stream.handler(() -> detector.state().findings().stream()
                    .map(t -> event(TrackedFinding.Change.of("current", t))).toList()), RequiredRole.VIEWER);
        });
        detector.onChange(changes -> statusPage.refresh());
        // each change serialised once here; the stream's writers send it on, so a slow reader never holds up an evaluation
        detector.onChange(changes -> changes.forEach(change -> stream.send(event(change))));
        // the documented heartbeat event (a time, for scripts reading the stream); it also keeps the stream's sockets honest
        heartbeat.scheduleWithFixedDelay(() -> stream.send(new EventStream.Event("heartbeat",
                JSON.writeValueAsString(Map.of("at", Instant.now().toString())))),
                settings.heartbeat().toMillis(), settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        try {
            app.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public int port() {
        return app.port();
    }

    /** Event streams open now, both kinds. */
    public int openStreams() {
        return slots.open();
    }

    /** Who is calling, for the pages: see {@link Access#principal}. */
    public Access access() {
        return access;
    }

    /** Every HTTP route registered, with the role it needs. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The role a route was registered with (each has at most one), or null for an open route. */
    private static Role requiredRole(Set<RouteRole> roles) {
        return roles.stream().filter(RequiredRole.class::isInstance).map(r -> ((RequiredRole) r).role()).findFirst().orElse(null);
    }

    private void readyz(Context ctx) {
        if (detector.state().ready()) json(ctx, 200, Map.of("status", "ready"));
        else json(ctx, 503, Map.of("status", "syncing", "detail", "waiting for every region's first list and the first probes"));
    }

    /**
     * The latest evaluation as {@code pitcrew doctor -o json} would print it, saying how old it is by this clock (the
     * asker's may differ). Before the first evaluation there is nothing to say: 503, as {@code /readyz}.
     */
    private void report(Context ctx) {
        DoctorReport report = detector.state().report();
        if (report == null) {
            ctx.header("Retry-After", "5");
            JsonBody.error(ctx, 503, "no diagnosis yet: serve is still listing every region and asking the probes for the first time "
                    + "(see /readyz); try again in a few seconds");
            return;
        }
        Duration age = Duration.between(report.observedAt(), Instant.now());
        ctx.status(200).contentType("application/json").result(ReportJson.write(report.from(ReportSource.served(age))));
    }

    private static void scrub(Context ctx) {
        String type = ctx.res().getContentType();
        if (type == null || !(type.startsWith("application/json") || type.startsWith("text/html") || type.startsWith("text/plain"))) return;
        String body = ctx.result();
        if (body != null) ctx.result(Credentials.hideSent(body));
    }

    private static EventStream.Event event(TrackedFinding.Change change) {
        return new EventStream.Event("finding", Credentials.hideSent(JSON.writeValueAsString(change)));
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    @Override
    public void close() {
        statusPage.close();
        heartbeat.shutdownNow();
        stream.close();
        incidentRoutes.close();
        app.stop();
        try {
            listening.close();
        } catch (IOException ignored) {
            // closed by Jetty already
        }
    }
}
