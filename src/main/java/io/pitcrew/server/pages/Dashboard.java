package io.pitcrew.server.pages;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pitcrew.incident.Checklist;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.runbook.Severity;
import io.pitcrew.server.access.Principal;
import io.pitcrew.server.access.Role;
import io.pitcrew.server.detection.RegionView;
import io.pitcrew.server.http.Html;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The responder dashboard at {@code /}: regions and incidents rendered here, findings filled in and kept live by
 * dashboard.js from {@code /api/stream}. Controls are rendered only for roles that may use them (the API checks
 * again); state-changing requests carry the session's CSRF token from the page's meta tag.
 */
public final class Dashboard {

    /** Resolved incidents listed under the open ones, newest first. */
    static final int RESOLVED_SHOWN = 5;

    private final Function<Context, Optional<Principal>> principals;
    private final Supplier<List<RegionView>> regions;
    private final Incidents incidents;
    private final Supplier<Optional<DrillBanner>> drill;
    private final Clock clock;

    /** @param drill the drill running now, if one is: a banner over the page (dashboard.js keeps it current from /api/drill) */
    public Dashboard(Function<Context, Optional<Principal>> principals, Supplier<List<RegionView>> regions, Incidents incidents,
              Supplier<Optional<DrillBanner>> drill, Clock clock) {
        this.principals = principals;
        this.regions = regions;
        this.incidents = incidents;
        this.drill = drill;
        this.clock = clock;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/", ctx -> {
            Optional<Principal> who = principals.apply(ctx);
            if (who.isEmpty()) {
                ctx.redirect("/login", HttpStatus.SEE_OTHER);
                return;
            }
            Html.answer(ctx, render(who.get()));
        });
    }

    Html.Safe render(Principal p) {
        Html.Safe rows = Html.Safe.EMPTY;
        for (RegionView r : regions.get()) rows = rows.plus(regionRow(r));
        Html.Safe shown = Html.Safe.EMPTY;
        if (incidents != null) {
            List<Incident> all = incidents.all();
            List<Incident> list = new ArrayList<>(all.stream().filter(Incident::open).toList());
            list.addAll(all.stream().filter(i -> !i.open()).limit(RESOLVED_SHOWN).toList());
            for (Incident i : list) shown = shown.plus(incident(i, incidents.timeline(i.number()), p.role(), clock.instant()));
        }
        return Html.render("dashboard.html", Map.of(
                "drill", banner(drill.get(), clock.instant()),
                "csrf", p.csrf() == null ? "" : p.csrf(),
                "user", p.name(),
                "role", p.role().label(),
                "regions", rows,
                "incidents", shown.html().isEmpty() ? Html.render("dashboard-no-incidents.html", Map.of()) : shown));
    }

    /** Always there, hidden when no drill runs: dashboard.js shows it when one starts while the page is open. */
    static Html.Safe banner(Optional<DrillBanner> drill, Instant now) {
        return Html.render("dashboard-drill.html", Map.of(
                "hidden", drill.isPresent() ? Html.Safe.EMPTY : new Html.Safe(" hidden"),
                "text", drill.map(DrillBanner::text).orElse(""),
                "since", drill.map(d -> (Object) Moment.html(d.startedAt(), now)).orElse("")));
    }

    static Html.Safe regionRow(RegionView r) {
        Map<String, Object> v = new HashMap<>();
        v.put("name", r.name());
        v.put("role", r.role());
        v.put("status", r.status());
        v.put("icon", "ok".equals(r.status()) ? "✓" : "✕");
        v.put("error", r.error() == null ? "" : r.error());
        v.put("nodes", r.nodes());
        v.put("pods", r.pods());
        v.put("workspaces", r.workspaces());
        v.put("gaps", r.gaps().isEmpty() ? "none" : String.join(", ", r.gaps()));
        v.put("reconnects", r.watchReconnects());
        return Html.render("dashboard-region.html", v);
    }

    /** The checklist keeps its times as ISO text; one that does not parse is shown as it is. */
    private static Object checkedAt(String at, Instant now) {
        try {
            return Moment.html(Instant.parse(at), now);
        } catch (DateTimeParseException e) {
            return at;
        }
    }

    static Html.Safe incident(Incident i, List<TimelineEntry> timeline, Role role, Instant now) {
        Html.Safe lines = Html.Safe.EMPTY;
        for (TimelineEntry e : timeline.reversed()) {
            lines = lines.plus(Html.render("dashboard-timeline.html", Map.of("at", Moment.html(e.at(), now), "actor", e.actor(),
                    "kind", e.kind().id(), "text", e.text())));
        }
        String base = "/api/incidents/" + i.id();
        boolean responder = role.allows(Role.RESPONDER) && i.open();
        boolean commander = role.allows(Role.COMMANDER) && i.open();
        Html.Safe checklist = Html.Safe.EMPTY;
        for (Checklist.Item item : i.checklist().items()) {
            checklist = checklist.plus(Html.render(role.allows(Role.RESPONDER) ? "dashboard-check.html" : "dashboard-check-readonly.html", Map.of(
                    "post", base + "/checklist", "key", item.key(), "text", item.text(),
                    "checked", item.checked() ? new Html.Safe(" checked") : Html.Safe.EMPTY,
                    "mark", item.checked() ? "☑ done" : "☐ open",
                    "by", item.checked() ? Html.render("dashboard-checked-by.html", Map.of("name", item.checkedBy(),
                            "at", checkedAt(item.checkedAt(), now))) : Html.Safe.EMPTY)));
        }
        Html.Safe controls = Html.Safe.EMPTY;
        if (responder) {
            if (i.times().acknowledged().isEmpty()) controls = controls.plus(Html.render("dashboard-ack.html", Map.of("post", base + "/ack")));
            controls = controls.plus(Html.render("dashboard-responder.html", Map.of("base", base)));
        }
        if (commander) {
            Html.Safe severities = Html.Safe.EMPTY;
            for (Severity s : Severity.values()) {
                severities = severities.plus(Html.render("dashboard-option.html", Map.of("value", s.name(),
                        "selected", s == i.severity() ? new Html.Safe(" selected") : Html.Safe.EMPTY, "label", s.name() + " " + s.label())));
            }
            controls = controls.plus(Html.render("dashboard-commander.html", Map.of("base", base, "severities", severities)));
        }
        Map<String, Object> v = new HashMap<>();
        v.put("id", i.id());
        v.put("title", i.title());
        v.put("severity", i.severity().name());
        v.put("status", i.status().id());
        v.put("state", i.open() ? "open" : "resolved");
        v.put("commander", i.commander().orElse("none assigned"));
        v.put("regions", i.regions().isEmpty() ? "no region named" : String.join(", ", i.regions()));
        v.put("roles", String.join(", ", i.roles().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()));
        v.put("controls", controls);
        v.put("checklist", checklist);
        v.put("timeline", lines);
        return Html.render("dashboard-incident.html", v);
    }
}
