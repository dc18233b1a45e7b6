package io.pitcrew.lab;

import java.time.Instant;
import java.util.List;

/**
 * A fault the lab can show: an overlay on the healthy base, and what pitcrew doctor should conclude from it.
 *
 * @param expectedIncidentType the runbook incident (section) the finding belongs to, e.g. workspace-restarts
 * @param expectedCause        the runbook cause it should name, e.g. key-rotation; both null for a healthy lab
 * @param overlay              the changes, made from the topology at the time of injection
 */
public record Scenario(String name, String summary, String expectedIncidentType, String expectedCause,
                       Overlay overlay) {

    /** Makes a scenario's changes; times are relative to {@code now}, victims are picked from the topology. */
    @FunctionalInterface
    public interface Overlay {
        List<Change> changes(Topology topology, Instant now);
    }

    /** "incident-type / cause", or "no findings". */
    public String expected() {
        return expectedIncidentType == null ? "no findings" : expectedIncidentType + " / " + expectedCause;
    }

    public List<Change> changes(Topology topology, Instant now) {
        return overlay.changes(topology, now);
    }
}
