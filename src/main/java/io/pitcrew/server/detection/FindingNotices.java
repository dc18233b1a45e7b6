package io.pitcrew.server.detection;

import io.pitcrew.incident.AnnouncedFindings;
import io.pitcrew.incident.AnnouncedFindings.Recorded;
import io.pitcrew.incident.AnnouncedFindings.Transition;
import io.pitcrew.notify.AttemptListener;
import io.pitcrew.notify.Channel;
import io.pitcrew.notify.Delivery;
import io.pitcrew.notify.Notice;
import io.pitcrew.notify.Notifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Tells people about findings that became {@code new} or {@code resolved} — the two transitions of the lifecycle that
 * happen once per fault, so a flapping finding never repeats itself: a line on the timeline of every open incident
 * the finding is linked to, and a Slack message when {@code notifications.slack} is configured.
 *
 * <p>Only the replica that {@linkplain Leadership leads} does, and not from the changes alone: it compares what it
 * sees with what the store says was announced ({@link AnnouncedFindings}) and records and announces the difference.
 * So a new leader neither announces again what its predecessor did, nor misses what changed while nobody led; a
 * finding the store has open that this replica never saw is resolved once it has watched for the grace without
 * seeing it; and a transition its predecessor recorded but did not live to announce is announced now. Recording is
 * conditional in the store, so two replicas that both believe they lead still record and announce a transition once.
 *
 * <p>All of it runs on one worker thread of its own: the detector's evaluation thread only asks for a comparison, so
 * a slow or failing Slack (retried by the {@link io.pitcrew.notify.RetryPolicy}) or store never delays detection.
 * What is given up on counts in {@code pitcrew_notification_failures_total}.
 */
public final class FindingNotices implements Consumer<List<TrackedFinding.Change>>, AutoCloseable {

    /** The failure label of a transition that could not be recorded (with its timeline lines). */
    static final String TIMELINE = "timeline";
    /**
     * How often the leader compares even when nothing changed: a finding the store has open and this replica never saw
     * resolves by time alone, and a comparison the store failed is made again.
     */
    static final Duration SWEEP = Duration.ofSeconds(5);

    /**
     * What this replica sees.
     *
     * @param view  the detector's latest state
     * @param grace how long a finding must stay away before it is resolved ({@code --resolve-grace})
     */
    public record Seen(Supplier<Detector.State> view, Duration grace, Clock clock) {}

    private final Optional<Notifier> notifier;
    private final AnnouncedFindings announced;
    private final Leadership leadership;
    private final Seen seen;
    private final ServeMetrics metrics;
    private final OneThread worker = new OneThread("serve-notify");
    private final AtomicBoolean asked = new AtomicBoolean();
    /** Since when this replica leads: what was recorded before and is still unannounced, its predecessor left. */
    private volatile Instant leadingSince;
    /** When this replica first had a diagnosis to compare (worker thread only). */
    private Instant watchingSince;

    FindingNotices(Optional<Notifier> notifier, AnnouncedFindings announced, Leadership leadership, Seen seen, ServeMetrics metrics) {
        this.notifier = notifier;
        this.announced = announced;
        this.leadership = leadership;
        this.seen = seen;
        this.metrics = metrics;
        worker.every(SWEEP, this::compare);
        leadership.onLeading(() -> {
            leadingSince = seen.clock().instant();
            ask();
        });
    }

    /** Follows {@code detector}'s findings, announcing them (to Slack when {@code notifier} is given) while this replica leads. */
    public static FindingNotices follow(Detector detector, AnnouncedFindings announced, Optional<Notifier> notifier, Leadership leadership) {
        FindingNotices notices = new FindingNotices(notifier, announced, leadership, detector.seen(), detector.metrics());
        detector.onChange(notices);
        return notices;
    }

    @Override
    public void accept(List<TrackedFinding.Change> changes) {
        if (changes.stream().anyMatch(c -> c.change().equals("new") || c.change().equals("resolved"))) ask();
    }

    /** A comparison soon, on the worker; one asked for while another waits is the same one. */
    private void ask() {
        if (asked.compareAndSet(false, true)) worker.execute(this::compare); // false once closing: dropped
    }

    /** What this replica sees against what the store says was announced: the difference recorded and announced. */
    private void compare() {
        asked.set(false);
        if (!leadership.leads()) return;
        Detector.State state = seen.view().get();
        // before its first diagnosis a replica knows of no finding, and would resolve every one the store has open
        if (!state.ready()) return;
        Instant now = seen.clock().instant();
        if (watchingSince == null) watchingSince = now;
        try {
            Instant since = leadingSince;
            for (Recorded r : announced.unannounced()) {
                if (since != null && r.recordedAt().isBefore(since)) announce(r.unannounced());
            }
            // in the order they were first seen, so the announcements keep the order of the faults
            List<TrackedFinding> findings = state.findings().stream().sorted(Comparator.comparing(TrackedFinding::firstSeen)).toList();
            Map<String, Recorded> recorded = announced.recorded(findings.stream().map(TrackedFinding::id).toList());
            for (TrackedFinding t : findings) {
                Optional<Recorded> row = Optional.ofNullable(recorded.get(t.id()));
                if (t.active() && AnnouncedFindings.opens(row, t.firstSeen())) {
                    announce(announced.opened(t.id(), t.finding(), t.firstSeen()));
                } else if (!t.active() && AnnouncedFindings.resolves(row, t.resolvedAt())) {
                    announce(announced.resolved(t.id(), t.finding(), t.firstSeen(), t.resolvedAt()));
                }
            }
            Set<String> known = findings.stream().map(TrackedFinding::id).collect(Collectors.toSet());
            Set<String> unobserved = state.unobserved();
            for (Recorded r : recorded.values()) {
                if (!r.open() || known.contains(r.id()) || r.finding().regions().stream().anyMatch(unobserved::contains)) continue;
                // open in the store, never seen here: gone once this replica has watched for the grace without seeing it,
                // as its own lifecycle resolves a finding it saw
                Instant missedSince = r.recordedAt().isAfter(watchingSince) ? r.recordedAt() : watchingSince;
                if (!now.isBefore(missedSince.plus(seen.grace()))) announce(announced.resolved(r.id(), r.finding(), r.firstSeen(), now));
            }
        } catch (RuntimeException e) {
            // the store failed: nothing was recorded, so the next comparison tries again
            metrics.notificationFailed(TIMELINE);
        }
    }

    /** Sends what was recorded, then says so in the store; a replica no longer leading leaves the rest to the leader. */
    private void announce(List<Transition> transitions) {
        for (Transition t : transitions) {
            if (!leadership.leads()) return;
            notifier.ifPresent(n -> send(n, t));
            announced.announced(t);
        }
    }

    private void send(Notifier n, Transition t) {
        try {
            for (Delivery<?> d : n.announce(new Notice.FindingChanged(t.id(), t.finding(), t.resolved(), t.at()), AttemptListener.NONE)) {
                if (!d.delivered()) metrics.notificationFailed(d.channel().id());
            }
        } catch (RuntimeException e) {
            metrics.notificationFailed(Channel.SLACK.id());
        }
    }

    /** Stops comparing; a comparison under way gets a few seconds to finish. */
    @Override
    public void close() {
        worker.close();
    }
}
