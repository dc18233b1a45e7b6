package io.pitcrew.incident;

import io.pitcrew.notify.IncidentBrief;
import io.pitcrew.notify.IncidentStatus;
import io.pitcrew.runbook.Severity;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An incident as the runbook runs it: what, how bad, where it stands, who is on it, where, what doctor found, why it
 * happened, what was done and what is left. The timeline is kept beside it ({@link Incidents#timeline}), append-only.
 *
 * @param roles       role → name; {@link #COMMANDER} is the incident commander, others are free (comms, scribe, ...)
 * @param workshop    the workshop it happened in, for {@code pitcrew retro --workshop}, or an empty string
 * @param rootCause   the root cause, or an empty string until it is known
 * @param workarounds fixes and workarounds applied, in order (fixes applied with {@code pitcrew fix} by themselves)
 * @param version     optimistic locking: the version read; every write is conditional on it
 * @param changedBy   who wrote this version
 */
public record Incident(long number, String title, Severity severity, IncidentStatus status, String workshop, Times times,
                       Map<String, String> roles, List<String> regions, List<LinkedFinding> findings, String rootCause,
                       List<String> workarounds, List<FollowUpItem> followUps, Checklist checklist, long version,
                       String changedBy, Instant changedAt) {

    public static final String COMMANDER = "commander";
    private static final Pattern ID = Pattern.compile("(?i)(?:INC-)?([1-9][0-9]{0,9})");

    public Incident {
        roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        regions = List.copyOf(regions);
        findings = List.copyOf(findings);
        workarounds = List.copyOf(workarounds);
        followUps = List.copyOf(followUps);
        workshop = workshop == null ? "" : workshop;
        rootCause = rootCause == null ? "" : rootCause;
    }

    /** {@code INC-<n>}: also PagerDuty's dedup key, so an incident's page, ack and resolve are one alert. */
    public String id() {
        return "INC-" + number;
    }

    /** The number in {@code INC-7} or {@code 7}; bad input otherwise. */
    public static long number(String id) {
        Matcher m = ID.matcher(id.strip());
        if (!m.matches()) throw new IllegalArgumentException("'" + id + "' is not an incident id (INC-<n>, e.g. INC-1)");
        return Long.parseLong(m.group(1));
    }

    public Optional<String> commander() {
        return Optional.ofNullable(roles.get(COMMANDER));
    }

    public boolean open() {
        return status != IncidentStatus.RESOLVED;
    }

    /** The runbook's "Assign incident commander (P0/P1 only)". */
    public boolean needsCommander() {
        return severity.atLeast(Severity.P1);
    }

    /** P3 is "no user impact"; everything more severe is seen by participants and owed status updates. */
    public boolean userVisible() {
        return severity.atLeast(Severity.P2);
    }

    /** What a notification may say about it: no secret is ever part of an incident. */
    public IncidentBrief brief() {
        String summary = findings.stream().map(LinkedFinding::title).filter(t -> !t.isBlank()).distinct()
                .reduce((a, b) -> a + "; " + b).orElse("");
        return new IncidentBrief(id(), title, severity, status, regions, summary, commander(), List.of());
    }

    // Withers for Lifecycle: each returns the incident with one field changed, version and author unchanged.

    Incident withSeverity(Severity s) {
        return new Incident(number, title, s, status, workshop, times, roles, regions, findings, rootCause, workarounds, followUps, checklist, version, changedBy, changedAt);
    }

    Incident withStatus(IncidentStatus s, Times t) {
        return new Incident(number, title, severity, s, workshop, t, roles, regions, findings, rootCause, workarounds, followUps, checklist, version, changedBy, changedAt);
    }

    Incident withTimes(Times t) {
        return withStatus(status, t);
    }

    Incident withRoles(Map<String, String> r) {
        return new Incident(number, title, severity, status, workshop, times, r, regions, findings, rootCause, workarounds, followUps, checklist, version, changedBy, changedAt);
    }

    Incident withRegions(List<String> r) {
        return new Incident(number, title, severity, status, workshop, times, roles, r, findings, rootCause, workarounds, followUps, checklist, version, changedBy, changedAt);
    }

    Incident withFindings(List<LinkedFinding> f) {
        return new Incident(number, title, severity, status, workshop, times, roles, regions, f, rootCause, workarounds, followUps, checklist, version, changedBy, changedAt);
    }

    Incident withRootCause(String r) {
        return new Incident(number, title, severity, status, workshop, times, roles, regions, findings, r, workarounds, followUps, checklist, version, changedBy, changedAt);
    }

    Incident withWorkarounds(List<String> w) {
        return new Incident(number, title, severity, status, workshop, times, roles, regions, findings, rootCause, w, followUps, checklist, version, changedBy, changedAt);
    }

    Incident withFollowUps(List<FollowUpItem> f) {
        return new Incident(number, title, severity, status, workshop, times, roles, regions, findings, rootCause, workarounds, f, checklist, version, changedBy, changedAt);
    }

    Incident withChecklist(Checklist c) {
        return new Incident(number, title, severity, status, workshop, times, roles, regions, findings, rootCause, workarounds, followUps, c, version, changedBy, changedAt);
    }

    /** As written: the next version, by {@code who}. */
    Incident written(long newVersion, String who, Instant at) {
        return new Incident(number, title, severity, status, workshop, times, roles, regions, findings, rootCause, workarounds, followUps, checklist, newVersion, who, at);
    }
}
