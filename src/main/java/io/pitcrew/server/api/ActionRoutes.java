package io.pitcrew.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.pitcrew.act.Action;
import io.pitcrew.act.Actions;
import io.pitcrew.act.Outcome;
import io.pitcrew.act.Parameters;
import io.pitcrew.act.PlanReport;
import io.pitcrew.act.Platform;
import io.pitcrew.act.SafePath;
import io.pitcrew.incident.ActionsTaken;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Incidents;
import io.pitcrew.server.access.Access;
import io.pitcrew.server.access.RequiredRole;
import io.pitcrew.server.detection.Detector;
import io.pitcrew.server.detection.TrackedFinding;
import io.pitcrew.server.http.ApiError;
import io.pitcrew.server.http.JsonBody;
import io.pitcrew.store.AuditLog;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The actions of {@code pitcrew fix} over HTTP, in two steps: {@code plan} shows what would change and keeps the plan
 * under an id; {@code apply} with {@code confirm: true} applies exactly that plan once, through {@link SafePath}
 * (conditional writes, bounds, verification, audit with the caller as actor), and records it on the incident's
 * timeline as {@code pitcrew fix --incident} does.
 */
final class ActionRoutes {

    /** How long apply waits for a change to take effect, as {@code pitcrew fix --wait}'s default. */
    static final Duration WAIT = Duration.ofSeconds(120);
    /** Parameters whose values come from the server's stdin or environment: never chosen by an HTTP caller. */
    private static final List<String> TERMINAL_ONLY = List.of("from-stdin", "from-env");

    private final Platform platform;
    private final AuditLog audit;
    private final Incidents incidents;
    private final Detector detector;
    private final Clock clock;
    private final PlannedActions plans;

    ActionRoutes(Platform platform, AuditLog audit, Incidents incidents, Detector detector, Clock clock) {
        this.platform = platform;
        this.audit = audit;
        this.incidents = incidents;
        this.detector = detector;
        this.clock = clock;
        this.plans = new PlannedActions(clock);
    }

    void register(RoutesConfig routes) {
        // <id>: a finding's id has slashes (incidentType/cause/regions)
        routes.get("/api/findings/<id>/actions", this::suggested, RequiredRole.VIEWER);
        routes.post("/api/actions/plan", this::plan, RequiredRole.RESPONDER);
        routes.post("/api/actions/apply", this::apply, RequiredRole.RESPONDER);
    }

    private void suggested(Context ctx) {
        TrackedFinding t = IncidentRoutes.finding(detector, ctx.pathParam("id"));
        List<Map<String, Object>> actions = t.finding().fixes().stream().map(fix -> {
            // the runbook loader let only actions of FixAction.ALL through, and those are Actions.ALL
            Action a = Actions.byId(fix.action()).orElseThrow();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.id());
            m.put("summary", a.summary());
            m.put("parameters", a.parameters());
            m.put("suggested", fix.suggested());
            return m;
        }).toList();
        JsonBody.write(ctx, 200, Map.of("finding", t.id(), "actions", actions));
    }

    private void plan(Context ctx) {
        JsonBody b = JsonBody.of(ctx);
        String id = b.text("action");
        Action action = Actions.byId(id).orElseThrow(() -> ApiError.notFound("no action '" + id + "'; actions: " + String.join(", ", Actions.ids())));
        Map<String, String> given = b.strings("parameters");
        for (String p : TERMINAL_ONLY) {
            if (given.containsKey(p)) {
                throw ApiError.badRequest(p + ": new secret values are never sent over the API; run pitcrew fix " + action.id() + " on a terminal");
            }
        }
        Parameters.requireTaken(action, given.keySet());
        Optional<String> finding = b.optionalText("finding").map(f -> IncidentRoutes.finding(detector, f).id());
        Optional<String> incident = b.optionalText("incident").map(this::incident);
        String actor = Access.current(ctx).name();
        Outcome o = safePath(actor).run(action, new Parameters(given), false, OptionalLong.empty());
        ObjectNode doc = report(o);
        doc.put("summary", action.summary());
        doc.put("finding", finding.orElse(null));
        doc.put("incident", incident.orElse(null));
        if (o.result() == Outcome.Result.FAILED) throw new ApiError(502, "cannot plan " + action.id() + ": " + o.detail());
        if (o.result() == Outcome.Result.PLANNED) {
            PlannedActions.Planned p = plans.add(action, o.plan(), incident, finding, actor);
            doc.put("planId", p.id());
            doc.put("expiresAt", p.expires().toString());
        } else {
            // refused (beyond bounds) or already in effect: nothing to apply
            doc.putNull("planId");
        }
        JsonBody.write(ctx, 200, doc);
    }

    private void apply(Context ctx) {
        JsonBody b = JsonBody.of(ctx);
        String planId = b.text("planId");
        JsonNode confirm = b.root().get("confirm");
        if (confirm == null || !confirm.isBoolean() || !confirm.asBoolean()) {
            throw ApiError.badRequest("applying needs \"confirm\": true after reviewing the plan; nothing was changed");
        }
        PlannedActions.Planned p = plans.take(planId);
        String actor = Access.current(ctx).name();
        Outcome o = safePath(actor).apply(p.action(), p.plan());
        Optional<Incident> recorded = ActionsTaken.record(incidents, p.incident(), o, actor, line -> {});
        ObjectNode doc = report(o);
        doc.put("planId", p.id());
        doc.put("incident", recorded.map(Incident::id).orElse(null));
        int status = switch (o.result()) {
            case REFUSED -> 409;
            case FAILED -> 502;
            default -> 200;
        };
        JsonBody.write(ctx, status, doc);
    }

    private SafePath safePath(String actor) {
        return new SafePath(platform, audit, actor, WAIT, progress -> {}, clock);
    }

    private String incident(String id) {
        long n;
        try {
            n = Incident.number(id);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'" + id + "' is not an incident id: INC-n or n");
        }
        return incidents.find(n).map(Incident::id).orElseThrow(() -> ApiError.notFound("no incident INC-" + n));
    }

    /** The outcome as {@code pitcrew fix -o json} prints it. */
    private static ObjectNode report(Outcome o) {
        return (ObjectNode) JsonBody.JSON.readTree(PlanReport.json(o));
    }
}
