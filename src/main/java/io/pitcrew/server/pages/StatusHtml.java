package io.pitcrew.server.pages;

import io.pitcrew.server.http.Html;

import java.time.Instant;
import java.util.Map;

/** The status page as HTML, for the first paint and for browsers without JavaScript; status.js keeps it live. */
final class StatusHtml {

    private StatusHtml() {}

    /** The page as it is at {@code now} (the "3 min ago" of each update). */
    static Html.Safe render(ParticipantStatus s, Instant now) {
        Html.Safe regions = Html.Safe.EMPTY;
        for (ParticipantStatus.RegionView r : s.regions()) {
            Html.Safe rows = Html.Safe.EMPTY;
            for (ParticipantStatus.ComponentView c : r.components()) {
                rows = rows.plus(Html.render("status-component.html", Map.of("name", c.name(), "state", c.state().id(),
                        "icon", icon(c.state()), "label", c.label())));
            }
            regions = regions.plus(Html.render("status-region.html", Map.of("name", r.name(), "components", rows)));
        }
        Html.Safe incidents = Html.Safe.EMPTY;
        for (ParticipantStatus.PublicIncident i : s.incidents()) {
            Html.Safe updates = Html.Safe.EMPTY;
            for (ParticipantStatus.Update u : i.updates()) {
                updates = updates.plus(Html.render("status-update.html", Map.of("status", u.status(),
                        "message", u.message(), "at", Moment.html(u.at(), now))));
            }
            incidents = incidents.plus(Html.render("status-incident.html", Map.of("id", i.id(), "status", i.status(),
                    "affects", i.affects(), "updates", updates)));
        }
        return Html.render("status.html", Map.of("overall", s.overall().id(), "overall-icon", icon(s.overall()),
                "overall-label", headline(s.overall()), "regions", regions,
                "incidents", s.incidents().isEmpty() ? Html.render("status-no-incidents.html", Map.of()) : incidents));
    }

    /** A shape per state, so the page reads the same without colour. status.js has the same four. */
    static String icon(StatusImpact.State s) {
        return switch (s) {
            case OPERATIONAL -> "✓";
            case DEGRADED -> "!";
            case PARTIAL_OUTAGE -> "◐";
            case MAJOR_OUTAGE -> "✕";
        };
    }

    static String headline(StatusImpact.State s) {
        return switch (s) {
            case OPERATIONAL -> "All systems operational";
            case DEGRADED -> "Some systems are degraded";
            case PARTIAL_OUTAGE -> "Partial outage";
            case MAJOR_OUTAGE -> "Major outage";
        };
    }
}
