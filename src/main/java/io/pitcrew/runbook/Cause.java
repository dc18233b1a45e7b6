package io.pitcrew.runbook;

import java.util.List;
import java.util.Optional;

/**
 * One "Likely Cause" of an incident type.
 *
 * @param detect  how pitcrew sees it; empty when the cause still needs a human's diagnosis
 * @param actions the runbook's immediate resolution steps for this cause
 * @param fix     the actions of {@code pitcrew fix} that resolve it, with how their parameters come from the finding;
 *                empty when no action pitcrew can run does
 * @param explains the causes ({@code incidentType/cause}) this one explains when both are found in the same region: their
 *                finding is folded into this one's as evidence ("explains: ...") rather than reported as a second incident
 * @param kind    an incident, or a risk (predictable trouble, P3): {@code kind: risk} in the YAML
 */
public record Cause(String id, String title, Optional<Detection> detect, SeverityRule severity, List<Step> actions,
                    List<Fix> fix, List<String> explains, Kind kind) {

    public Cause {
        explains = List.copyOf(explains);
        if (kind == null) kind = Kind.INCIDENT;
    }

    /** An incident's cause that explains no other. */
    public Cause(String id, String title, Optional<Detection> detect, SeverityRule severity, List<Step> actions, List<Fix> fix) {
        this(id, title, detect, severity, actions, fix, List.of(), Kind.INCIDENT);
    }
}
