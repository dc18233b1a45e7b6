package io.pitcrew.doctor;

import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Severity;

import java.time.Instant;
import java.util.List;

/** What one doctor run found: the JSON document of {@code pitcrew doctor -o json}. */
public record DoctorReport(Instant observedAt, long tookMillis, List<RegionStatus> regions, List<String> notAsked,
                           List<Finding> findings) {

    /** True when some finding is at least as severe as {@code threshold}. */
    public boolean failsAt(Severity threshold) {
        return findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
    }

    public long count(Severity s) {
        return findings.stream().filter(f -> f.severity() == s).count();
    }
}
