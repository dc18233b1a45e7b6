package io.pitcrew.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the objects one signal touches: counts all of them, keeps the first {@link #MAX_EVIDENCE} as evidence
 * so a region with 10,000 evicted pods yields a readable signal with the true count.
 */
final class EvidenceTally {

    static final int MAX_EVIDENCE = 10;

    private final List<Evidence> evidence = new ArrayList<>();
    private int affected;

    void add(Evidence e) {
        affected++;
        if (evidence.size() < MAX_EVIDENCE) evidence.add(e);
    }

    int affected() { return affected; }

    /** The evidence kept (at most {@link #MAX_EVIDENCE}), for a signal that adds more of its own. */
    List<Evidence> evidence() { return List.copyOf(evidence); }

    boolean isEmpty() { return affected == 0; }

    /** Adds the signal to {@code out} only when something was tallied. */
    void emit(List<Signal> out, String id, String region, String summary) {
        if (affected > 0) out.add(new Signal(id, region, affected, summary, List.copyOf(evidence)));
    }

    /** "1 pod" / "3 pods". */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
