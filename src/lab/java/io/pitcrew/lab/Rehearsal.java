package io.pitcrew.lab;

import java.util.List;

/**
 * A fault as a drill runs it: what participants would report (never its name), its stages (one for a fault that
 * happens at once; several, a drill step apart, for one that grows), the finding that names it, and how the lab tells
 * that it still stands.
 *
 * @param report       what a participant or a teammate would say, with the region where it is one
 * @param stages       overlays made at the injection and then one drill step after another; the first one at once
 * @param fixableInLab whether a fix the runbook names can take the fault away in the lab; those that cannot (DNS at
 *                     Cloudflare, AWS capacity, a database) still rehearse detection, and end standing
 */
public record Rehearsal(String name, String summary, String report, String expectedIncidentType, String expectedCause,
                        List<Scenario.Overlay> stages, StillFaulty stillFaulty, boolean fixableInLab) {

    public Rehearsal {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) throw new IllegalArgumentException(name + ": a fault needs at least one stage");
    }

    /** {@code incidentType/cause}: the finding doctor should name. */
    public String expected() {
        return expectedIncidentType + "/" + expectedCause;
    }

    public boolean grows() {
        return stages.size() > 1;
    }
}
