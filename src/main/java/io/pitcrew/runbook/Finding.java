package io.pitcrew.runbook;

import io.pitcrew.check.Evidence;

import java.util.List;

/**
 * What doctor reports: an incident type, its likely cause, how bad, where, why we think so, and what to do.
 *
 * @param title    the cause in the runbook's words
 * @param summary  what was seen, one sentence per region
 * @param affected how many objects the deciding signals touch
 * @param actions  the runbook's steps with commands filled in for this finding (regions, pods, names)
 * @param runbook  a link to the incident type's section of docs/runbook.md
 * @param fixes    the {@code pitcrew fix} actions the runbook's {@code fix:} names for the cause, filled in from the
 *                 evidence; empty when there are none (and in a report written before pitcrew had them)
 * @param kind     {@code incident}, or {@code risk}: predictable trouble, P3, shown apart (an incident in a report written
 *                 before pitcrew had kinds)
 */
public record Finding(
        String incidentType,
        String cause,
        String title,
        Severity severity,
        List<String> regions,
        String summary,
        int affected,
        List<Evidence> evidence,
        List<Step> actions,
        String runbook,
        List<SuggestedFix> fixes,
        Kind kind) {

    public Finding {
        fixes = fixes == null ? List.of() : List.copyOf(fixes);
        if (kind == null) kind = Kind.INCIDENT;
    }

    /** An incident's finding. */
    public Finding(String incidentType, String cause, String title, Severity severity, List<String> regions, String summary,
                   int affected, List<Evidence> evidence, List<Step> actions, String runbook, List<SuggestedFix> fixes) {
        this(incidentType, cause, title, severity, regions, summary, affected, evidence, actions, runbook, fixes, Kind.INCIDENT);
    }

    public boolean risk() {
        return kind == Kind.RISK;
    }

    /** {@code incidentType/cause}: the cause whatever the regions, as {@code fix from-finding} and the API take it. */
    public String key() {
        return key(incidentType, cause);
    }

    /** {@code incidentType/cause}, the key of {@code cause} of {@code incidentType}. */
    public static String key(String incidentType, String cause) {
        return incidentType + "/" + cause;
    }
}
