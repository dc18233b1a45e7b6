package io.pitcrew.notify;

import io.pitcrew.runbook.Severity;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which severities page the on-call engineer: the runbook's "Escalation: contact on-call engineer for P0/P1
 * incidents". Data, so the incident commands can ask it before offering {@code escalate}.
 */
public record PagingPolicy(Set<Severity> paged) {

    public PagingPolicy {
        paged = paged.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(paged));
    }

    public static PagingPolicy runbook() {
        return new PagingPolicy(EnumSet.of(Severity.P0, Severity.P1));
    }

    public boolean shouldPage(Severity severity) {
        return paged.contains(severity);
    }
}
