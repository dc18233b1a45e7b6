package io.pitcrew.doctor;

import io.pitcrew.runbook.Severity;

import java.util.ArrayList;
import java.util.List;

/** The one-line summary every format ends with. */
final class Summary {

    private Summary() {}

    static String of(DoctorReport report) {
        List<String> parts = new ArrayList<>();
        int n = report.findings().size();
        if (n == 0) {
            parts.add("healthy: no findings");
        } else {
            List<String> bySeverity = new ArrayList<>();
            for (Severity s : Severity.values()) {
                long c = report.count(s);
                if (c > 0) bySeverity.add(c + " " + s);
            }
            parts.add(n + (n == 1 ? " finding" : " findings") + " (" + String.join(", ", bySeverity) + ")");
        }
        long ok = report.regions().stream().filter(RegionStatus::ok).count();
        parts.add(ok + "/" + report.regions().size() + " regions read");
        parts.add(String.format("%.2fs", report.tookMillis() / 1000.0));
        return String.join(" · ", parts);
    }
}
