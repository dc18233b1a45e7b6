package io.pitcrew.check;

import io.pitcrew.config.LogPatterns;
import io.pitcrew.config.Names;
import io.pitcrew.config.Thresholds;

import java.time.Instant;

/** What a check may know besides the snapshot: the runbook's names, the thresholds, what to look for in logs, and the sweep's time. */
public record CheckContext(Names names, Thresholds thresholds, LogPatterns patterns, Instant now) {

    public CheckContext(Names names, Thresholds thresholds, Instant now) {
        this(names, thresholds, LogPatterns.defaults(), now);
    }
}
