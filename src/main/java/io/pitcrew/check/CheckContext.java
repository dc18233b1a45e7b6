package io.pitcrew.check;

import io.pitcrew.config.LogPatterns;
import io.pitcrew.config.Names;
import io.pitcrew.config.Thresholds;
import io.pitcrew.config.Workshop;
import io.pitcrew.config.Workshops;

import java.time.Instant;
import java.util.Optional;

/**
 * What a check may know besides the snapshot: the runbook's names, the thresholds, what to look for in logs, the sweep's
 * time, and the workshops of pitcrew.yaml (when one runs, or is about to, predictable trouble is a risk).
 */
public record CheckContext(Names names, Thresholds thresholds, LogPatterns patterns, Instant now, Workshops workshops) {

    public CheckContext {
        if (workshops == null) workshops = Workshops.none();
    }

    /** A context that knows of no workshop. */
    public CheckContext(Names names, Thresholds thresholds, LogPatterns patterns, Instant now) {
        this(names, thresholds, patterns, now, Workshops.none());
    }

    public CheckContext(Names names, Thresholds thresholds, Instant now) {
        this(names, thresholds, LogPatterns.defaults(), now);
    }

    /** The workshop running now, else the next starting within {@code thresholds.workshopLead}: the one to get ready for. */
    public Optional<Workshop> workshop() {
        return workshops.current(now, thresholds.workshopLead());
    }

    /** The workshop that ended last, when none runs or is about to: the one whose raised capacity may still be up. */
    public Optional<Workshop> workshopOver() {
        return workshop().isPresent() ? Optional.empty() : workshops.lastEnded(now);
    }
}
