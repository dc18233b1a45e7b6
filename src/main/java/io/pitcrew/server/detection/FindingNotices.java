package io.pitcrew.server.detection;

import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.notify.AttemptListener;
import io.pitcrew.notify.Channel;
import io.pitcrew.notify.Delivery;
import io.pitcrew.notify.Notice;
import io.pitcrew.notify.Notifier;
import io.pitcrew.runbook.Finding;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Tells people about findings that became {@code new} or {@code resolved} — the two transitions of the lifecycle that
 * happen once per fault, so a flapping finding never repeats itself: a line on the timeline of every open incident
 * the finding is linked to, and a Slack message when {@code notifications.slack} is configured.
 *
 * <p>All of it runs on one worker thread of its own, in the order the changes came: the detector's evaluation thread
 * only hands them over, so a slow or failing Slack (retried by the {@link io.pitcrew.notify.RetryPolicy}) or store
 * never delays detection. What is given up on counts in {@code pitcrew_notification_failures_total}.
 */
public final class FindingNotices implements Consumer<List<TrackedFinding.Change>>, AutoCloseable {

    static final String ACTOR = "pitcrew serve";
    /** The failure label of a timeline line that could not be written. */
    static final String TIMELINE = "timeline";

    private final Optional<Notifier> notifier;
    private final Incidents incidents;
    private final ServeMetrics metrics;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("serve-notify").factory());

    public FindingNotices(Optional<Notifier> notifier, Incidents incidents, ServeMetrics metrics) {
        this.notifier = notifier;
        this.incidents = incidents;
        this.metrics = metrics;
    }

    @Override
    public void accept(List<TrackedFinding.Change> changes) {
        for (TrackedFinding.Change c : changes) {
            if (!c.change().equals("new") && !c.change().equals("resolved")) continue;
            try {
                worker.execute(() -> tell(c.finding(), c.change().equals("resolved")));
            } catch (RejectedExecutionException e) {
                return; // closing
            }
        }
    }

    private void tell(TrackedFinding t, boolean resolved) {
        Instant at = resolved ? t.resolvedAt() : t.firstSeen();
        try {
            for (Incident i : incidents.open()) {
                if (linked(i, t.finding())) incidents.append(i.number(), ACTOR, TimelineEntry.Kind.FINDING, line(t, resolved));
            }
        } catch (RuntimeException e) {
            metrics.notificationFailed(TIMELINE);
        }
        notifier.ifPresent(n -> {
            try {
                for (Delivery<?> d : n.announce(new Notice.FindingChanged(t.id(), t.finding(), resolved, at), AttemptListener.NONE)) {
                    if (!d.delivered()) metrics.notificationFailed(d.channel().id());
                }
            } catch (RuntimeException e) {
                metrics.notificationFailed(Channel.SLACK.id());
            }
        });
    }

    /**
     * Whether an incident is about this finding: one of its linked findings has the same incident type and cause and
     * shares a region with it (or names none). Incidents link {@code incidentType/cause} with the regions of the
     * moment, while serve's id also names the regions; so a fault that spreads to another region, which serve sees
     * as a new finding, still reaches the incident declared for it, and the same cause in an unrelated region does not.
     */
    static boolean linked(Incident incident, Finding f) {
        for (LinkedFinding l : incident.findings()) {
            if (!l.incidentType().equals(f.incidentType()) || !l.cause().equals(f.cause())) continue;
            if (l.regions().isEmpty() || f.regions().isEmpty() || l.regions().stream().anyMatch(f.regions()::contains)) return true;
        }
        return false;
    }

    private static String line(TrackedFinding t, boolean resolved) {
        Finding f = t.finding();
        return resolved
                ? "resolved finding " + t.id() + ": not seen by pitcrew serve since " + t.resolvedAt()
                : "new finding " + t.id() + " (" + f.severity() + "): " + f.summary();
    }

    /** Stops taking changes; what is queued gets a few seconds to go out. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) worker.shutdownNow();
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
