package io.pitcrew.notify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The runbook's "Create GitHub issue for permanent fix": an incident, its root cause and its timeline.
 *
 * @param permanentFix what should change so it does not happen again; may be empty
 */
public record FollowUp(IncidentBrief incident, String rootCause, String permanentFix, List<Entry> timeline) {

    public FollowUp {
        Objects.requireNonNull(incident, "incident");
        rootCause = rootCause == null ? "" : rootCause;
        permanentFix = permanentFix == null ? "" : permanentFix;
        timeline = List.copyOf(timeline);
    }

    /** One line of the incident log: when, and what happened or was decided. */
    public record Entry(Instant at, String text) {}
}
