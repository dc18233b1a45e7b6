package io.pitcrew.check;

import io.pitcrew.config.Names;
import io.pitcrew.config.Thresholds;

import java.time.Instant;

/** What a check may know besides the snapshot: the runbook's names, the thresholds, and the sweep's time. */
public record CheckContext(Names names, Thresholds thresholds, Instant now) {}
