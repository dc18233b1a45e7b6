package io.pitcrew.check;

import io.pitcrew.config.Workshop;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The workshop a risk is judged against, as evidence: its name, window and participants. */
final class WorkshopWindow {

    private WorkshopWindow() {}

    static Evidence evidence(String region, Workshop w) {
        return new Evidence(region, "Workshop", "", w.name(), "from " + at(w.start()) + " to " + at(w.end()) + ", " + w.participants()
                + " participants");
    }

    /** Whole seconds, UTC. */
    static String at(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
