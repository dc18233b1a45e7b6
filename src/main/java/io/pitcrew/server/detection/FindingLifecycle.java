package io.pitcrew.server.detection;

import io.pitcrew.runbook.Finding;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Findings over time: {@code new} when first diagnosed, {@code ongoing} after {@code newFor}, {@code resolved} once no
 * evaluation has seen them for {@code grace} (so a fault that flaps within the grace stays one finding), then kept
 * for {@code keepResolved}. A finding of a region that cannot be observed is neither seen nor gone: it waits.
 * Not thread-safe: the detector calls it from its one evaluation thread.
 */
final class FindingLifecycle {

    private final Duration grace;
    private final Duration newFor;
    private final Duration keepResolved;
    private final Map<String, TrackedFinding> byId = new LinkedHashMap<>();

    FindingLifecycle(Duration grace, Duration newFor, Duration keepResolved) {
        this.grace = grace;
        this.newFor = newFor;
        this.keepResolved = keepResolved;
    }

    /** Takes one evaluation's findings; {@code unobserved} are the regions that could not be read. */
    List<TrackedFinding.Change> update(List<Finding> findings, Set<String> unobserved, Instant now) {
        List<TrackedFinding.Change> changes = new ArrayList<>();
        Map<String, Finding> current = new LinkedHashMap<>();
        for (Finding f : findings) current.put(TrackedFinding.idOf(f), f);
        current.forEach((id, f) -> {
            TrackedFinding known = byId.get(id);
            if (known == null || !known.active()) {
                TrackedFinding fresh = new TrackedFinding(id, TrackedFinding.State.NEW, now, now, null, null, f);
                byId.put(id, fresh);
                changes.add(TrackedFinding.Change.of("new", fresh));
            } else {
                TrackedFinding next = known.seen(f, now);
                byId.put(id, next);
                if (known.finding().severity() != f.severity()) changes.add(TrackedFinding.Change.of("severity", next));
            }
        });
        for (TrackedFinding t : List.copyOf(byId.values())) {
            if (t.active() && !current.containsKey(t.id()) && t.goneSince() == null && !t.touches(unobserved)) {
                byId.put(t.id(), t.gone(now));
            }
        }
        changes.addAll(tick(now));
        return changes;
    }

    /** Time passing: new becomes ongoing, gone becomes resolved, old resolved findings are dropped. */
    List<TrackedFinding.Change> tick(Instant now) {
        List<TrackedFinding.Change> changes = new ArrayList<>();
        for (TrackedFinding t : List.copyOf(byId.values())) {
            if (t.active() && t.goneSince() != null && !now.isBefore(t.goneSince().plus(grace))) {
                TrackedFinding resolved = t.in(TrackedFinding.State.RESOLVED);
                byId.put(t.id(), resolved);
                changes.add(TrackedFinding.Change.of("resolved", resolved));
            } else if (t.state() == TrackedFinding.State.NEW && !now.isBefore(t.firstSeen().plus(newFor))) {
                TrackedFinding ongoing = t.in(TrackedFinding.State.ONGOING);
                byId.put(t.id(), ongoing);
                changes.add(TrackedFinding.Change.of("ongoing", ongoing));
            } else if (t.state() == TrackedFinding.State.RESOLVED && !now.isBefore(t.resolvedAt().plus(keepResolved))) {
                byId.remove(t.id());
            }
        }
        return changes;
    }

    /** Active findings first, most severe first, then resolved ones, latest first. */
    List<TrackedFinding> all() {
        return byId.values().stream().sorted(Comparator.comparing((TrackedFinding t) -> !t.active())
                .thenComparing(t -> t.finding().severity())
                .thenComparing(TrackedFinding::firstSeen, Comparator.reverseOrder())).toList();
    }
}
