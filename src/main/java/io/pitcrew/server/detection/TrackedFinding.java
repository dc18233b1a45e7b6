package io.pitcrew.server.detection;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pitcrew.runbook.Finding;

import java.time.Instant;
import java.util.Set;

/**
 * A finding as {@code pitcrew serve} follows it over time: one per incident type, cause and set of regions.
 *
 * @param id         {@code incidentType/cause/region,region}: stable while the fault lasts
 * @param goneSince  when an evaluation first missed it (null while it is seen): resolved once gone for the grace
 * @param resolvedAt when it was first missed, for a resolved finding
 * @param finding    the latest diagnosis of it
 */
public record TrackedFinding(String id, State state, Instant firstSeen, Instant lastSeen, Instant goneSince,
                             Instant resolvedAt, Finding finding) {

    public enum State {
        NEW, ONGOING, RESOLVED;

        @JsonValue
        public String id() {
            return name().toLowerCase();
        }
    }

    static String idOf(Finding f) {
        return f.key() + "/" + String.join(",", f.regions().stream().sorted().toList());
    }

    TrackedFinding seen(Finding latest, Instant now) {
        return new TrackedFinding(id, state, firstSeen, now, null, null, latest);
    }

    TrackedFinding gone(Instant since) {
        return new TrackedFinding(id, state, firstSeen, lastSeen, since, null, finding);
    }

    TrackedFinding in(State next) {
        return new TrackedFinding(id, next, firstSeen, lastSeen, next == State.RESOLVED ? null : goneSince,
                next == State.RESOLVED ? goneSince : null, finding);
    }

    public boolean active() {
        return state != State.RESOLVED;
    }

    boolean touches(Set<String> regions) {
        return finding.regions().stream().anyMatch(regions::contains);
    }

    /** What the SSE stream says about a finding that changed. */
    public record Change(String change, TrackedFinding finding) {
        public static Change of(String change, TrackedFinding f) {
            return new Change(change, f);
        }
    }
}
