package io.pitcrew.incident;

import io.pitcrew.config.Workshop;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.incident.TimelineEntry.Kind;
import io.pitcrew.store.AuditEntry;
import io.pitcrew.store.AuditLog;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
                        + "): pitcrew fix revert " + p.auditId() + " --yes");
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

    /** The actions whose scale-up (or pause) a workshop's reminder undoes, and the action that undoes each by hand. */
    private static final Map<String, String> RAISED_FOR_A_WORKSHOP = Map.of("scale-provisioners", "scale-provisioners",
            "scale-litellm", "scale-litellm", "pause-key-rotation", "resume-key-rotation");

    /**
     * The actions whose change doctor still sees after a workshop: the reminders (risk findings) of provisioners or
     * LiteLLM still scaled up, and of the key rotator still paused.
     */
    public static Set<String> stillRaised(DoctorReport report) {
        Set<String> out = new TreeSet<>();
        for (var f : report.findings()) {
            switch (f.key()) {
                case "resource-contention/provisioners-raised-after-workshop" -> out.add("scale-provisioners");
                case "litellm-auth/litellm-raised-after-workshop" -> out.add("scale-litellm");
                case "litellm-auth/key-rotation-paused-after-workshop", "litellm-auth/key-rotation-pause-overdue" -> out.add("pause-key-rotation");
                default -> { }
            }
        }
        return out;
    }

    /**
     * The runbook's "re-enable after the workshop completes", from the audit log: for each of {@code stillRaised}
     * (actions whose change the clusters still show: scale-provisioners, scale-litellm, pause-key-rotation), the first
     * time it was applied from {@code lead} before the workshop started, if nothing of the same kind was applied after it
     * and it was not reverted: the {@code pitcrew fix revert} line that undoes it.
     */
    public static List<String> afterWorkshop(AuditLog audit, Workshop w, Duration lead, Set<String> stillRaised) {
        List<AuditEntry> since = audit.latest(500).stream().filter(r -> !r.at().isBefore(w.start().minus(lead))).toList().reversed();
        List<String> out = new ArrayList<>();
        for (String action : RAISED_FOR_A_WORKSHOP.keySet().stream().sorted().toList()) {
            if (!stillRaised.contains(action)) continue;
            String undoing = RAISED_FOR_A_WORKSHOP.get(action);
            List<AuditEntry> applied = since.stream().filter(r -> r.result().equals("applied") && r.reverts().isEmpty()
                    && (r.action().equals(action) || r.action().equals(undoing))).toList();
            if (applied.size() != 1 || !applied.getFirst().action().equals(action) || applied.getFirst().inverse().isEmpty()) continue;
            AuditEntry raised = applied.getFirst();
            if (!audit.revertsOf(raised.id()).isEmpty()) continue;
            out.add("workshop " + w.name() + " ended at " + seconds(w.end()) + ": " + action + " applied at " + seconds(raised.at()) + " by "
                    + raised.actor() + " is still in effect: pitcrew fix revert " + raised.id() + " --yes");
        }
        return out;
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
