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
            throw new IllegalArgumentException("not doctor's JSON report (pitcrew doctor -o json): it has no findings list");
        }
        List<LinkedFinding> out = new ArrayList<>();
        for (JsonNode f : report.path("findings")) {
            List<String> regions = new ArrayList<>();
            f.path("regions").forEach(r -> regions.add(r.asString()));
            out.add(new LinkedFinding(f.path("incidentType").asString(""), f.path("cause").asString(""),
                    f.path("severity").asString("P2"), regions, f.path("title").asString("")));
        }
        return out;
    }

    /** The finding {@code TYPE/CAUSE} names; bad input, listing what the report has, when it is not there. */
    public static LinkedFinding select(List<LinkedFinding> findings, String id) {
        if (!id.contains("/")) throw new IllegalArgumentException("--from-finding " + id + ": write it TYPE/CAUSE, e.g. litellm-auth/key-rotation");
        return findings.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "--from-finding " + id + ": doctor did not report it" + (findings.isEmpty() ? " (no findings: the platform looks healthy)"
                        : "; it reported: " + String.join(", ", findings.stream().map(LinkedFinding::id).toList()))));
    }
}
