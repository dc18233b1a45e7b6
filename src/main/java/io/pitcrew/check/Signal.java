package io.pitcrew.check;

import io.pitcrew.redact.Credentials;

import java.util.List;

/**
 * A named fact a check found in one region, with its evidence. Runbook causes are rules over signal ids.
 *
 * @param affected how many objects (workspaces, pods, nodes) the fact touches; drives severity
 */
public record Signal(String id, String region, int affected, String summary, List<Evidence> evidence) {

    /**
     * Every finding's facts pass here, so nothing an answer echoed of pitcrew's credentials reaches a report. Here
     * rather than in {@link Evidence}: a check builds evidence for every object it tallies (10,000 evicted pods) but
     * keeps only a few.
     */
    public Signal {
        summary = summary == null ? null : Credentials.scrub(summary);
        evidence = evidence.stream().map(e -> e.detail() == null ? e
                : new Evidence(e.region(), e.kind(), e.namespace(), e.name(), Credentials.scrub(e.detail()))).toList();
    }
}
