package io.pitcrew.incident;

import io.pitcrew.incident.TimelineEntry.Kind;
import io.pitcrew.notify.Attempt;
import io.pitcrew.notify.AttemptListener;
import io.pitcrew.notify.Channel;
import io.pitcrew.notify.Delivery;
import io.pitcrew.notify.FollowUp;
import io.pitcrew.notify.GitHubIssue;
import io.pitcrew.notify.Notice;
import io.pitcrew.notify.Notifier;

import java.util.List;
import java.util.function.Consumer;

/**
 * Tells the configured channels about an incident and writes every attempt on its timeline. Called after the change
 * is committed: a notification that fails, or takes its retries' time, never holds up or undoes the incident.
 */
public final class IncidentNotices {

    private final Notifier notifier;
    private final Incidents incidents;
    private final Consumer<String> progress;

    public IncidentNotices(Notifier notifier, Incidents incidents, Consumer<String> progress) {
        this.notifier = notifier;
        this.incidents = incidents;
        this.progress = progress;
    }

    public Notifier notifier() {
        return notifier;
    }

    /**
     * Sends {@code notice} where it belongs; each attempt becomes a "notification" line of the incident's log. While
     * the notifier is held (a drill runs), nothing is sent, and progress hears so once per notice.
     */
    public List<Delivery<?>> announce(Incident incident, Notice notice) {
        if (!notifier.channels().isEmpty() && notifier.held()) {
            progress.accept("notifications held: a drill is running (pitcrew drill status); --drill-notify sends them");
            return List.of();
        }
        List<Delivery<?>> out = notifier.announce(notice, onTimeline(incident));
        out.forEach(d -> progress.accept(describe(d, notice.headline())));
        return out;
    }

    /** Opens the GitHub issue for the permanent fix, with the root cause and the timeline. */
    public Delivery<GitHubIssue> openFollowUp(Incident incident, String permanentFix) {
        List<FollowUp.Entry> log = incidents.timeline(incident.number()).stream()
                .filter(e -> e.kind() != Kind.NOTIFICATION)
                .map(e -> new FollowUp.Entry(e.at(), e.kind().id() + ": " + e.text() + " (" + e.actor() + ")")).toList();
        Delivery<GitHubIssue> d = notifier.openFollowUp(new FollowUp(incident.brief(), incident.rootCause(), permanentFix, log),
                onTimeline(incident));
        progress.accept(describe(d, "follow-up issue"));
        return d;
    }

    /** True when Slack took it: the team has been told. */
    public static boolean reachedSlack(List<Delivery<?>> deliveries) {
        return deliveries.stream().anyMatch(d -> d.channel() == Channel.SLACK && d.delivered());
    }

    private AttemptListener onTimeline(Incident incident) {
        return (Attempt a) -> incidents.append(incident.number(), "pitcrew", Kind.NOTIFICATION, a.describe());
    }

    private static String describe(Delivery<?> d, String what) {
        return switch (d) {
            case Delivery.Delivered<?> ok -> d.channel().id() + ": " + what + " sent" + (ok.attempts() > 1 ? " (" + ok.attempts() + " attempts)" : "");
            case Delivery.Failed<?> f -> d.channel().id() + ": " + what + " NOT sent: " + f.reason() + " (the incident is recorded regardless)";
        };
    }
}
