package io.pitcrew.doctor;

import io.pitcrew.runbook.Severity;

import java.util.ArrayList;
import java.util.List;

/** The one-line summary every format ends with. */
final class Summary {

    private Summary() {}

    static String of(DoctorReport report) {
        List<String> parts = new ArrayList<>();
        int n = report.incidents().size();
        int risks = report.risks().size();
        int unasked = report.notAsked().size();
        if (n == 0 && risks == 0) {
            // "healthy" only when every question was answered: an unasked one is not a healthy answer
            parts.add(unasked == 0 ? "healthy: no findings" : "no findings");
        } else if (n == 0) {
            parts.add("no incidents");
        } else {
            List<String> bySeverity = new ArrayList<>();
            for (Severity s : Severity.values()) {
                long c = report.count(s);
                if (c > 0) bySeverity.add(c + " " + s);
            }
            parts.add(n + (n == 1 ? " finding" : " findings") + " (" + String.join(", ", bySeverity) + ")");
        }
        if (risks > 0) parts.add(risks + (risks == 1 ? " risk" : " risks") + " (P3: predictable trouble)");
        long ok = report.regions().stream().filter(RegionStatus::ok).count();
        parts.add(ok + "/" + report.regions().size() + " regions read");
        if (unasked > 0) parts.add(unasked + (unasked == 1 ? " question" : " questions") + " could not be asked");
        parts.add(String.format("%.2fs", report.tookMillis() / 1000.0));
        return String.join(" · ", parts);
    }
}
