package io.pitcrew.incident;

import io.pitcrew.incident.TimelineEntry.Kind;
import io.pitcrew.store.AuditEntry;
import io.pitcrew.store.AuditLog;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the runbook implies and nobody enforces, said by {@code pitcrew incident show}: a P0/P1 without a commander,
 * participants not told anything for 20 minutes while they are affected, a key rotator still paused ("re-enable after
 * workshop completes"), and checklist items left unchecked at resolve.
 */
public final class Reminders {

    /** The runbook's "updates every 15-20 minutes" for participants, at its outer edge. */
    public static final Duration UPDATE_EVERY = Duration.ofMinutes(20);

    private Reminders() {}

    /** A pause of the key rotator that nothing has undone yet: its audit row, and when it was due to end. */
    public record RotatorPause(long auditId, Instant since, Optional<Instant> resumeDue) {}

    public static List<String> of(Incident i, List<TimelineEntry> timeline, Optional<RotatorPause> pause, Instant now) {
        List<String> out = new ArrayList<>();
        if (i.open() && i.needsCommander() && i.commander().isEmpty()) {
            out.add(i.severity() + " without an incident commander: pitcrew incident assign " + i.id() + " commander NAME");
        }
        if (i.open() && i.userVisible()) {
            Instant last = timeline.stream().filter(e -> e.kind() == Kind.UPDATE).map(TimelineEntry::at)
                    .max(Instant::compareTo).orElse(i.times().declared());
            Duration quiet = Duration.between(last, now);
            if (quiet.compareTo(UPDATE_EVERY) >= 0) {
                out.add("participants have had no update for " + quiet.toMinutes() + " min while " + i.severity()
                        + " is user-visible: pitcrew incident update " + i.id() + " TEXT");
            }
        }
        pause.ifPresent(p -> {
            boolean overdue = p.resumeDue().map(due -> !now.isBefore(due)).orElse(false);
            if (!i.open() || overdue) {
                out.add("the LiteLLM key rotator is still paused (since " + seconds(p.since()) + p.resumeDue().map(d -> ", resume was due " + seconds(d)).orElse("")
                        + "): pitcrew fix --revert " + p.auditId() + " --yes");
            }
        });
        if (!i.open()) {
            i.checklist().unchecked().forEach(item -> out.add("post-incident checklist: not done: " + item.text()
                    + " (pitcrew incident checklist " + i.id() + " --check " + item.key() + ")"));
        }
        return out;
    }

    private static Instant seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The latest pause-key-rotation applied that no revert or later resume has undone, from the audit log. */
    public static Optional<RotatorPause> rotatorPause(AuditLog audit) {
        List<AuditEntry> rows = audit.latest(500);
        for (AuditEntry r : rows) { // newest first: the first resume or pause decides
            if (!r.result().equals("applied")) continue;
            if (r.action().equals("resume-key-rotation")) return Optional.empty();
            if (r.action().equals("pause-key-rotation")) {
                if (!audit.revertsOf(r.id()).isEmpty()) return Optional.empty();
                return Optional.of(new RotatorPause(r.id(), r.at(), r.resumeAt()));
            }
        }
        return Optional.empty();
    }
}
