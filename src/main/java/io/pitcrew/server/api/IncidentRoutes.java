package io.pitcrew.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.pitcrew.incident.Changed;
import io.pitcrew.incident.Declaration;
import io.pitcrew.incident.FreeText;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.IncidentDocument;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.Lifecycle;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.incident.Reminders;
import io.pitcrew.incident.TimelineEntry.Kind;
import io.pitcrew.incident.IncidentNotices;
import io.pitcrew.notify.IncidentStatus;
import io.pitcrew.notify.Notice;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Severity;
import io.pitcrew.server.access.Access;
import io.pitcrew.server.access.RequiredRole;
import io.pitcrew.server.detection.Detector;
import io.pitcrew.server.detection.TrackedFinding;
import io.pitcrew.server.http.ApiError;
import io.pitcrew.server.http.JsonBody;
import io.pitcrew.store.AuditLog;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * {@code /api/incidents}: the operations of {@code pitcrew incident} over HTTP. The rules are {@link Lifecycle}'s and
 * the writes {@link Incidents}'s (optimistic, one transaction each); these handlers only read the request, say who is
 * acting, and answer with the incident as it is now.
 */
final class IncidentRoutes {

    private final Incidents incidents;
    private final AuditLog audit;
    private final Detector detector;
    private final IncidentNotices notices;
    /** Tells the status page an incident changed, so participants see it now rather than at its next poll of the store. */
    private final Runnable changed;
    /** Notices go out after the answer, as the CLI's do after the change is stored: a slow Slack never holds a request. */
    private final ExecutorService announcer = Executors.newVirtualThreadPerTaskExecutor();

    IncidentRoutes(Incidents incidents, AuditLog audit, Detector detector, IncidentNotices notices, Runnable changed) {
        this.changed = changed;
        this.incidents = incidents;
        this.audit = audit;
        this.detector = detector;
        this.notices = notices;
    }

    /** Tells Slack and PagerDuty what the CLI's command would have told them; a failure is on the timeline, not the answer. */
    private void announce(Incident i, Notice notice) {
        announcer.execute(() -> {
            try {
                notices.announce(i, notice);
            } catch (RuntimeException e) {
                // IncidentNotices records every attempt on the timeline; nothing more to do here
            }
        });
    }

    void close() {
        announcer.shutdown();
    }

    void register(RoutesConfig routes) {
        routes.get("/api/incidents", ctx -> JsonBody.write(ctx, 200, Map.of("incidents",
                incidents.all().stream().map(IncidentDocument::fields).toList())), RequiredRole.VIEWER);
        routes.get("/api/incidents/{id}", ctx -> document(ctx, 200, incident(ctx)), RequiredRole.VIEWER);

        routes.post("/api/incidents/{id}/notes", ctx -> {
            Incident i = incident(ctx);
            incidents.write(i.number(), actor(ctx), Kind.NOTE, JsonBody.of(ctx).text("text"));
            document(ctx, 201, i);
        }, RequiredRole.RESPONDER);
        routes.post("/api/incidents/{id}/ack", ctx -> {
            Incident i = change(ctx, read -> Lifecycle.acknowledge(read, actor(ctx), incidents.now()));
            i.times().acknowledged().ifPresent(at -> announce(i, new Notice.Acknowledged(i.brief(), at, actor(ctx))));
        }, RequiredRole.RESPONDER);
        routes.post("/api/incidents/{id}/checklist", ctx -> {
            JsonBody b = JsonBody.of(ctx);
            String key = b.text("key");
            boolean checked = b.bool("checked");
            change(ctx, i -> Lifecycle.check(i, List.of(key), checked, actor(ctx), incidents.now()));
        }, RequiredRole.RESPONDER);
        routes.post("/api/incidents/{id}/updates", this::update, RequiredRole.RESPONDER);
        routes.post("/api/incidents/{id}/link", ctx -> {
            LinkedFinding f = linked(finding(detector, JsonBody.of(ctx).text("finding")));
            change(ctx, i -> Lifecycle.linkFindings(i, List.of(f), actor(ctx), incidents.now()));
        }, RequiredRole.RESPONDER);

        routes.post("/api/incidents", this::declare, RequiredRole.COMMANDER);
        routes.post("/api/incidents/{id}/severity", ctx -> {
            JsonBody b = JsonBody.of(ctx);
            Severity to = severity(b.text("severity"));
            String reason = b.optionalText("reason").orElse("");
            Severity from = incident(ctx).severity();
            Incident i = change(ctx, read -> Lifecycle.severity(read, to, reason, actor(ctx), incidents.now()));
            if (from != to) announce(i, new Notice.SeverityChanged(i.brief(), incidents.now(), from));
        }, RequiredRole.COMMANDER);
        routes.post("/api/incidents/{id}/roles", ctx -> {
            JsonBody b = JsonBody.of(ctx);
            String role = b.text("role");
            String name = b.text("name");
            change(ctx, i -> Lifecycle.assign(i, role, name, actor(ctx), incidents.now()));
        }, RequiredRole.COMMANDER);
        routes.post("/api/incidents/{id}/resolve", ctx -> {
            String rootCause = JsonBody.of(ctx).text("rootCause");
            Incident i = change(ctx, read -> Lifecycle.resolve(read, rootCause, actor(ctx), incidents.now()));
            i.times().resolved().ifPresent(at -> announce(i, new Notice.Resolved(i.brief(), at, i.rootCause())));
        }, RequiredRole.COMMANDER);
    }

    private void declare(Context ctx) {
        JsonBody b = JsonBody.of(ctx);
        Severity severity = severity(b.text("severity"));
        List<LinkedFinding> findings = b.optionalText("finding").map(id -> List.of(linked(finding(detector, id)))).orElse(List.of());
        String title = b.optionalText("title").filter(t -> !t.isBlank())
                .orElseGet(() -> findings.isEmpty() ? "" : findings.getFirst().title());
        if (title.isBlank()) throw ApiError.badRequest("field 'title' is required (or 'finding', whose title is taken)");
        Declaration d = new Declaration(title, severity, "", Optional.empty(), Optional.empty(), List.of(), findings, Optional.empty());
        Incident i = incidents.declare(d, actor(ctx));
        changed.run();
        announce(i, new Notice.Declared(i.brief(), i.times().declared()));
        ctx.header("Location", "/api/incidents/" + i.id());
        document(ctx, 201, i);
    }

    /**
     * The participant-facing update of {@code pitcrew incident update}, optionally with the status it reports
     * (investigating → identified → monitoring): the status change first, by Lifecycle's rules, then the update line.
     */
    private void update(Context ctx) {
        JsonBody b = JsonBody.of(ctx);
        // checked before the status moves: the message is also the reason of a status change
        String message = FreeText.text("update text", b.text("message"));
        Optional<IncidentStatus> status = b.optionalText("status").map(IncidentRoutes::status);
        Incident i = incident(ctx);
        if (status.isPresent() && status.get() == IncidentStatus.RESOLVED) {
            throw ApiError.badRequest("an update cannot resolve: POST /api/incidents/" + i.id() + "/resolve {\"rootCause\": ...} (commander)");
        }
        if (status.isPresent() && status.get() != i.status()) {
            IncidentStatus from = i.status();
            i = incidents.change(i.id(), read -> Lifecycle.status(read, status.get(), message, actor(ctx), incidents.now()));
            announce(i, new Notice.StatusChanged(i.brief(), incidents.now(), from));
        }
        var line = incidents.write(i.number(), actor(ctx), Kind.UPDATE, message);
        changed.run();
        announce(i, new Notice.ParticipantUpdate(i.brief(), line.at(), message));
        if (i.status() == IncidentStatus.MONITORING || i.status() == IncidentStatus.RESOLVED) {
            incidents.autoCheck(i, "participants-notified", "update written after mitigation");
        }
        document(ctx, 201, i);
    }

    private Incident change(Context ctx, Function<Incident, Changed> change) {
        Incident i = incidents.change(incident(ctx).id(), change);
        changed.run();
        document(ctx, 200, i);
        return i;
    }

    private void document(Context ctx, int status, Incident i) {
        Incident now = incidents.find(i.number()).orElse(i);
        var timeline = incidents.timeline(now.number());
        JsonBody.write(ctx, status, IncidentDocument.withTimeline(now, timeline,
                Reminders.of(now, timeline, Reminders.rotatorPause(audit), incidents.now())));
    }

    private Incident incident(Context ctx) {
        String id = ctx.pathParam("id");
        long n;
        try {
            n = Incident.number(id);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'" + id + "' is not an incident id: INC-n or n");
        }
        return incidents.find(n).orElseThrow(() -> ApiError.notFound("no incident INC-" + n + " (GET /api/incidents lists them)"));
    }

    private static String actor(Context ctx) {
        return Access.current(ctx).name();
    }

    /** A finding serve is following: by its full id, or by TYPE/CAUSE when one active finding has it. */
    static TrackedFinding finding(Detector detector, String id) {
        List<TrackedFinding> all = detector.state().findings();
        return all.stream().filter(t -> t.id().equals(id)).findFirst()
                .or(() -> all.stream().filter(t -> t.active() && t.finding().key().equals(id)).findFirst())
                .orElseThrow(() -> ApiError.notFound("no finding '" + id + "' (GET /api/findings lists them)"));
    }

    private static LinkedFinding linked(TrackedFinding t) {
        Finding f = t.finding();
        return new LinkedFinding(f.incidentType(), f.cause(), f.severity().name(), f.regions(), f.title());
    }

    private static Severity severity(String text) {
        try {
            return Severity.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("severity '" + text + "': one of P0, P1, P2, P3");
        }
    }

    private static IncidentStatus status(String text) {
        try {
            return IncidentStatus.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("status '" + text + "': one of investigating, identified, monitoring");
        }
    }
}
