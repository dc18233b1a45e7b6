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
        return toBuilder().severity(s).build();
    }

    Incident withStatus(IncidentStatus s, Times t) {
        return toBuilder().status(s).times(t).build();
    }

    Incident withTimes(Times t) {
        return toBuilder().times(t).build();
    }

    Incident withRoles(Map<String, String> r) {
        return toBuilder().roles(r).build();
    }

    Incident withRegions(List<String> r) {
        return toBuilder().regions(r).build();
    }

    Incident withFindings(List<LinkedFinding> f) {
        return toBuilder().findings(f).build();
    }

    Incident withRootCause(String r) {
        return toBuilder().rootCause(r).build();
    }

    Incident withWorkarounds(List<String> w) {
        return toBuilder().workarounds(w).build();
    }

    Incident withFollowUps(List<FollowUpItem> f) {
        return toBuilder().followUps(f).build();
    }

    Incident withChecklist(Checklist c) {
        return toBuilder().checklist(c).build();
    }

    /** As written: the next version, by {@code who}. */
    Incident written(long newVersion, String who, Instant at) {
        return toBuilder().version(newVersion).changedBy(who).changedAt(at).build();
    }

    /** Incident {@code number}: every other part is named as it is set, so sixteen of them are never counted. */
    static Builder of(long number, String title) {
        return new Builder(number, title);
    }

    Builder toBuilder() {
        return of(number, title).severity(severity).status(status).workshop(workshop).times(times).roles(roles)
                .regions(regions).findings(findings).rootCause(rootCause).workarounds(workarounds).followUps(followUps)
                .checklist(checklist).version(version).changedBy(changedBy).changedAt(changedAt);
    }

    static final class Builder {
        private final long number;
        private final String title;
        private Severity severity = null;
        private IncidentStatus status = IncidentStatus.INVESTIGATING;
        private String workshop = "";
        private Times times = null;
        private Map<String, String> roles = Map.of();
        private List<String> regions = List.of();
        private List<LinkedFinding> findings = List.of();
        private String rootCause = "";
        private List<String> workarounds = List.of();
        private List<FollowUpItem> followUps = List.of();
        private Checklist checklist = null;
        private long version = 0;
        private String changedBy = "";
        private Instant changedAt = null;

        private Builder(long number, String title) {
            this.number = number;
            this.title = title;
        }

        Builder severity(Severity severity) {
            this.severity = severity;
            return this;
        }

        Builder status(IncidentStatus status) {
            this.status = status;
            return this;
        }

        Builder workshop(String workshop) {
            this.workshop = workshop;
            return this;
        }

        Builder times(Times times) {
            this.times = times;
            return this;
        }

        Builder roles(Map<String, String> roles) {
            this.roles = roles;
            return this;
        }

        Builder regions(List<String> regions) {
            this.regions = regions;
            return this;
        }

        Builder findings(List<LinkedFinding> findings) {
            this.findings = findings;
            return this;
        }

        Builder rootCause(String rootCause) {
            this.rootCause = rootCause;
            return this;
        }

        Builder workarounds(List<String> workarounds) {
            this.workarounds = workarounds;
            return this;
        }

        Builder followUps(List<FollowUpItem> followUps) {
            this.followUps = followUps;
            return this;
        }

        Builder checklist(Checklist checklist) {
            this.checklist = checklist;
            return this;
        }

        Builder version(long version) {
            this.version = version;
            return this;
        }

        Builder changedBy(String changedBy) {
            this.changedBy = changedBy;
            return this;
        }

        Builder changedAt(Instant changedAt) {
            this.changedAt = changedAt;
            return this;
        }

        Incident build() {
            return new Incident(number, title, severity, status, workshop, times, roles, regions, findings, rootCause,
                    workarounds, followUps, checklist, version, changedBy, changedAt);
        }
    }
}
