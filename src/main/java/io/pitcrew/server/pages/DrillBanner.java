package io.pitcrew.server.pages;

import java.time.Instant;

/**
 * A drill running on the platform serve watches (docs/drills.md): the dashboard says so over everything, so nobody
 * takes the rehearsal for an incident, and says whether notifications are held.
 *
 * @param notificationsHeld serve sends nothing to Slack, PagerDuty or GitHub meanwhile (unless {@code --drill-notify})
 */
public record DrillBanner(String drill, Instant startedAt, boolean notificationsHeld) {

    /** What the banner says; the start time is shown beside it as a {@code <time>}. */
    public String text() {
        return "Drill " + drill + " running: a rehearsal, not an incident. " + (notificationsHeld
                ? "Notifications to Slack, PagerDuty and GitHub are held (pitcrew serve --drill-notify sends them)."
                : "Notifications go out as usual (--drill-notify).");
    }
}
