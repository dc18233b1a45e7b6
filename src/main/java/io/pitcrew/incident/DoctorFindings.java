package io.pitcrew.incident;

import io.pitcrew.doctor.DoctorReport;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Findings to link, from doctor's report: as run now, or as {@code pitcrew doctor -o json} printed it. */
public final class DoctorFindings {

    private DoctorFindings() {}

    public static List<LinkedFinding> of(DoctorReport report) {
        return report.findings().stream().map(f -> new LinkedFinding(f.incidentType(), f.cause(), f.severity().name(),
                f.regions(), f.title())).toList();
    }

    /** From the JSON document of {@code doctor -o json}; bad input when it is not one. */
    public static List<LinkedFinding> of(JsonNode report) {
        if (!report.path("findings").isArray()) {
            throw notAReport("it has no findings list");
        }
        List<LinkedFinding> out = new ArrayList<>();
        JsonNode findings = report.path("findings");
        for (int i = 0; i < findings.size(); i++) {
            JsonNode f = findings.get(i);
            String at = "findings[" + i + "]";
            if (!f.isObject()) throw notAReport(at + " is not a finding");
            List<String> regions = new ArrayList<>();
            JsonNode rs = f.path("regions");
            if (!rs.isMissingNode() && !rs.isArray()) throw notAReport(at + ".regions is not a list");
            for (int r = 0; r < rs.size(); r++) regions.add(text(rs.get(r), at + ".regions[" + r + "]", ""));
            out.add(new LinkedFinding(text(f.path("incidentType"), at + ".incidentType", ""), text(f.path("cause"), at + ".cause", ""),
                    text(f.path("severity"), at + ".severity", "P2"), regions, text(f.path("title"), at + ".title", "")));
        }
        return out;
    }

    /** A field's text; absent is {@code otherwise}, anything but text is not doctor's report. */
    private static String text(JsonNode n, String at, String otherwise) {
        if (n.isMissingNode() || n.isNull()) return otherwise;
        if (!n.isString()) throw notAReport(at + " is not text");
        return n.stringValue();
    }

    private static IllegalArgumentException notAReport(String what) {
        return new IllegalArgumentException("not doctor's JSON report (pitcrew doctor -o json): " + what);
    }

    /** The finding {@code TYPE/CAUSE} names; bad input, listing what the report has, when it is not there. */
    public static LinkedFinding select(List<LinkedFinding> findings, String id) {
        if (!id.contains("/")) throw new IllegalArgumentException("--from-finding " + id + ": write it TYPE/CAUSE, e.g. litellm-auth/key-rotation");
        return findings.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "--from-finding " + id + ": doctor did not report it" + (findings.isEmpty() ? " (no findings: the platform looks healthy)"
                        : "; it reported: " + String.join(", ", findings.stream().map(LinkedFinding::id).toList()))));
    }
}
