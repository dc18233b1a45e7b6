package io.pitcrew.incident;

import io.pitcrew.runbook.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What {@code pitcrew incident declare} is told; the store adds the number, the log its first lines. */
public record Declaration(String title, Severity severity, String workshop, Optional<Instant> started,
                          Optional<Instant> detected, List<String> regions, List<LinkedFinding> findings,
                          Optional<String> commander) {

    public Declaration {
        if (title == null || title.isBlank()) throw new ChangeRefused("an incident needs a title (or --from-finding TYPE/CAUSE)");
        workshop = workshop == null ? "" : workshop;
        regions = List.copyOf(regions);
        findings = List.copyOf(findings);
    }

    public static Declaration of(String title, Severity severity) {
        return new Declaration(title, severity, "", Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty());
    }
}
