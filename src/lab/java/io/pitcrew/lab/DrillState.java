package io.pitcrew.lab;

import java.time.Instant;
import java.util.List;

/**
 * A drill as the lab running it knows it: when it was armed, when the faults were injected, whether each still
 * stands. What the control port answers and {@code pitcrew drill status} reads. It names no scenario: anyone who can
 * reach the control port may ask, responders included.
 *
 * @param injectedAt null until the faults are injected
 * @param aborted    why the drill stopped before it ended (the lab was reset), null otherwise
 * @param ended      {@code pitcrew drill end} ended it
 */
public record DrillState(String id, Instant armedAt, Instant injectAt, Instant injectedAt, List<Fault> faults,
                         String aborted, Instant abortedAt, boolean ended) {

    public DrillState {
        faults = List.copyOf(faults);
    }

    /**
     * One armed fault, in the order the drill named them.
     *
     * @param active      its condition stands (false before the injection)
     * @param mitigatedAt when its condition went away, by a fix; null while it stands or before it was injected
     * @param stage       how many of its stages are in the lab (a growing fault has several)
     */
    public record Fault(boolean active, Instant mitigatedAt, int stage, int stages) {}

    public boolean injected() {
        return injectedAt != null;
    }

    /** Every fault injected and taken away. */
    public boolean mitigated() {
        return injected() && faults.stream().allMatch(f -> f.mitigatedAt() != null);
    }

    /** Neither ended nor aborted: the lab still injects, grows and watches it. */
    public boolean live() {
        return !ended && aborted == null;
    }
}
