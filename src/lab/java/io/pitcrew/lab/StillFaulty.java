package io.pitcrew.lab;

import java.util.List;

/**
 * A drill's question to the lab: does the fault still stand? Asked of the lab's current state and of what the
 * injection wrote (the objects as stored, their resourceVersions set). It turns false when a fix took the fault's
 * condition away — pods deleted or replaced, a Deployment scaled, a Secret rewritten — never by itself.
 */
@FunctionalInterface
public interface StillFaulty {

    boolean test(LabState lab, List<Change> injected);

    /** Both faults stand: a compound condition, mitigated when either part is gone. */
    default StillFaulty and(StillFaulty other) {
        return (lab, injected) -> test(lab, injected) && other.test(lab, injected);
    }

    /** Either stands: mitigated only when both parts are gone. */
    default StillFaulty or(StillFaulty other) {
        return (lab, injected) -> test(lab, injected) || other.test(lab, injected);
    }
}
