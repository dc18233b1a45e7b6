package io.pitcrew.doctor;

import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Severity;

import java.time.Instant;
import java.util.List;

/**
 * What one doctor run found: the JSON document of {@code pitcrew doctor -o json}, and of {@code pitcrew serve}'s
 * {@code GET /api/report} ({@link ReportJson} reads it back).
 *
 * @param source where the diagnosis came from: a sweep, or serve's latest evaluation (absent in a document written
 *               before it was said: a sweep)
 */
public record DoctorReport(Instant observedAt, long tookMillis, List<RegionStatus> regions, List<String> notAsked,
                           List<Finding> findings, ReportSource source) {

    public DoctorReport {
        if (source == null) source = ReportSource.SWEEP;
    }

    /** A report of doctor's own sweep. */
    public DoctorReport(Instant observedAt, long tookMillis, List<RegionStatus> regions, List<String> notAsked, List<Finding> findings) {
        this(observedAt, tookMillis, regions, notAsked, findings, ReportSource.SWEEP);
    }

    /** The same diagnosis, said to come from {@code changed}. */
    public DoctorReport from(ReportSource changed) {
        return new DoctorReport(observedAt, tookMillis, regions, notAsked, findings, changed);
    }

    /**
     * Only these regions ({@code --region}): their statuses, and the findings that touch one of them, whole (a finding
     * across regions keeps its other regions' evidence: it is one fault). What could not be asked stays: it is the
     * platform's (coderd, the mirror, LiteLLM), not a region's.
     */
    public DoctorReport only(List<String> names) {
        return new DoctorReport(observedAt, tookMillis, regions.stream().filter(r -> names.contains(r.name())).toList(), notAsked,
                findings.stream().filter(f -> f.regions().stream().anyMatch(names::contains)).toList(), source);
    }

    /** True when some finding is at least as severe as {@code threshold}. */
    public boolean failsAt(Severity threshold) {
        return findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
    }

    public long count(Severity s) {
        return incidents().stream().filter(f -> f.severity() == s).count();
    }

    /** The findings of kind incident: something wrong now. */
    public List<Finding> incidents() {
        return findings.stream().filter(f -> !f.risk()).toList();
    }

    /** The findings of kind risk: predictable trouble, shown apart. */
    public List<Finding> risks() {
        return findings.stream().filter(Finding::risk).toList();
    }
}
