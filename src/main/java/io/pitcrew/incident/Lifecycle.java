package io.pitcrew.incident;

import io.pitcrew.incident.TimelineEntry.Kind;
import io.pitcrew.notify.IncidentStatus;
import io.pitcrew.runbook.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The runbook's "Incident Response Process" as rules: pure functions from an incident and a request to the incident
 * after it and the log lines that record it, or a {@link ChangeRefused} saying what to do instead. Nothing here
 * reads a clock or a database, so a change can be applied again to a newer version after losing a race.
 */
public final class Lifecycle {

    private Lifecycle() {}

    /** The first version of an incident, with its "declared" line and one line per finding linked. */
    public static Changed declare(long number, Declaration d, String actor, Instant at) {
        FreeText.line("title", d.title());
        d.commander().ifPresent(c -> FreeText.line("commander", c));
        List<String> regions = new ArrayList<>(new LinkedHashSet<>(d.regions()));
        d.findings().forEach(f -> f.regions().stream().filter(r -> !regions.contains(r)).forEach(regions::add));
        Map<String, String> roles = new LinkedHashMap<>();
        d.commander().filter(c -> !c.isBlank()).ifPresent(c -> roles.put(Incident.COMMANDER, c));
        Incident i = Incident.of(number, d.title().strip()).severity(d.severity()).status(IncidentStatus.INVESTIGATING)
                .workshop(d.workshop()).times(Times.declaredAt(at, d.started(), d.detected())).roles(roles).regions(regions)
                .findings(d.findings()).checklist(Checklist.runbook()).version(0).changedBy(actor).changedAt(at)
                .build();
        List<TimelineEntry> log = new ArrayList<>();
        log.add(TimelineEntry.of(at, actor, Kind.DECLARED, "declared " + d.severity() + " (" + d.severity().label() + ": "
                + d.severity().definition() + "): " + i.title() + (regions.isEmpty() ? "" : " [" + String.join(", ", regions) + "]")));
        d.commander().filter(c -> !c.isBlank()).ifPresent(c -> log.add(TimelineEntry.of(at, actor, Kind.ROLE, "commander: " + c)));
        for (LinkedFinding f : d.findings()) log.add(findingLine(f, actor, at));
        return new Changed(i, log);
    }

    private static TimelineEntry findingLine(LinkedFinding f, String actor, Instant at) {
        return TimelineEntry.of(at, actor, Kind.FINDING, "finding linked: " + f.id() + " " + f.severity()
                + (f.regions().isEmpty() ? "" : " [" + String.join(", ", f.regions()) + "]")
                + (f.title().isBlank() ? "" : " — " + f.title()));
    }

    public static Changed linkFindings(Incident i, List<LinkedFinding> found, String actor, Instant at) {
        List<LinkedFinding> all = new ArrayList<>(i.findings());
        List<String> regions = new ArrayList<>(i.regions());
        List<TimelineEntry> log = new ArrayList<>();
        for (LinkedFinding f : found) {
            if (all.stream().anyMatch(o -> o.id().equals(f.id()))) continue;
            all.add(f);
            f.regions().stream().filter(r -> !regions.contains(r)).forEach(regions::add);
            log.add(findingLine(f, actor, at));
        }
        if (log.isEmpty()) throw new ChangeRefused(i.id() + " has these findings linked already");
        return new Changed(i.withFindings(all).withRegions(regions), log);
    }

    public static Changed acknowledge(Incident i, String actor, Instant at) {
        if (i.times().acknowledged().isPresent()) {
            throw new ChangeRefused(i.id() + " was acknowledged already, at " + i.times().acknowledged().get());
        }
        return new Changed(i.withTimes(i.times().acknowledgedAt(at)),
                List.of(TimelineEntry.of(at, actor, Kind.ACKNOWLEDGED, "acknowledged by " + actor)));
    }

    public static Changed assign(Incident i, String role, String name, String actor, Instant at) {
        FreeText.line("name", name);
        String r = role(FreeText.line("role", role));
        if (name == null || name.isBlank()) throw new ChangeRefused("assign " + r + ": name someone");
        String was = i.roles().get(r);
        if (name.strip().equals(was)) throw new ChangeRefused(i.id() + ": " + name.strip() + " is " + r + " already");
        Map<String, String> roles = new LinkedHashMap<>(i.roles());
        roles.put(r, name.strip());
        return new Changed(i.withRoles(roles), List.of(TimelineEntry.of(at, actor, Kind.ROLE,
                r + ": " + name.strip() + (was == null ? "" : " (was " + was + ")"))));
    }

    /** Role names in one spelling: "IC", "Incident Commander" and "commander" are the same role. */
    static String role(String role) {
        String r = role.strip().toLowerCase(Locale.ROOT).replace(' ', '-').replace('_', '-');
        if (r.isEmpty()) throw new ChangeRefused("name a role (commander, comms, scribe, ...)");
        return switch (r) {
            case "ic", "incident-commander" -> Incident.COMMANDER;
            default -> r;
        };
    }

    public static Changed severity(Incident i, Severity to, String reason, String actor, Instant at) {
        FreeText.text("reason", reason);
        if (to == i.severity()) throw new ChangeRefused(i.id() + " is " + to + " already");
        if (!i.open()) throw new ChangeRefused(i.id() + " is resolved; its severity stays as it was");
        return new Changed(i.withSeverity(to), List.of(TimelineEntry.of(at, actor, Kind.SEVERITY,
                "severity " + i.severity() + " → " + to + " (" + to.label() + ": " + to.definition() + ")" + because(reason))));
    }

    /**
     * investigating → identified → monitoring, forward freely (a step may be skipped); back only with a reason.
     * Resolved is reached with {@link #resolve}, which needs the root cause; a resolved incident is reopened by going
     * back with a reason.
     */
    public static Changed status(Incident i, IncidentStatus to, String reason, String actor, Instant at) {
        reason = FreeText.text("reason", reason);
        if (to == i.status()) throw new ChangeRefused(i.id() + " is " + to.id() + " already");
        if (to == IncidentStatus.RESOLVED) {
            throw new ChangeRefused("resolve with its root cause: pitcrew incident resolve " + i.id() + " --root-cause TEXT");
        }
        boolean back = to.ordinal() < i.status().ordinal();
        if (back && blank(reason)) {
            throw new ChangeRefused(i.id() + " going back from " + i.status().id() + " to " + to.id()
                    + " needs a reason: --reason TEXT");
        }
        requireCommander(i, to);
        Times t = i.times();
        if (to == IncidentStatus.MONITORING) t = t.mitigatedAt(at);
        if (i.status() == IncidentStatus.RESOLVED) t = t.resolvedAt(Optional.empty());
        return new Changed(i.withStatus(to, t), List.of(TimelineEntry.of(at, actor, Kind.STATUS,
                (i.status() == IncidentStatus.RESOLVED ? "reopened: " : "") + i.status().id() + " → " + to.id() + because(reason))));
    }

    public static Changed resolve(Incident i, String rootCause, String actor, Instant at) {
        rootCause = FreeText.text("root cause", rootCause);
        if (!i.open()) throw new ChangeRefused(i.id() + " is resolved already, at " + i.times().resolved().orElseThrow());
        if (blank(rootCause)) {
            throw new ChangeRefused("resolve " + i.id() + ": document the root cause first (--root-cause TEXT), as the runbook asks");
        }
        requireCommander(i, IncidentStatus.RESOLVED);
        Checklist checklist = i.checklist().auto("resolved", at).auto("root-cause", at);
        Incident after = i.withRootCause(rootCause.strip()).withChecklist(checklist)
                .withStatus(IncidentStatus.RESOLVED, i.times().mitigatedAt(at).resolvedAt(Optional.of(at)));
        return new Changed(after, List.of(TimelineEntry.of(at, actor, Kind.RESOLVED,
                i.status().id() + " → resolved; root cause: " + rootCause.strip())));
    }

    /** The runbook: "Assign incident commander (P0/P1 only)" — before a P0/P1 leaves investigating. */
    private static void requireCommander(Incident i, IncidentStatus to) {
        if (i.needsCommander() && i.commander().isEmpty() && to != IncidentStatus.INVESTIGATING) {
            throw new ChangeRefused(i.id() + " is " + i.severity() + ": it needs an incident commander before it leaves "
                    + "investigating: pitcrew incident assign " + i.id() + " commander NAME");
        }
    }

    public static Changed workaround(Incident i, String text, String actor, Instant at) {
        text = FreeText.text("workaround", text);
        List<String> w = new ArrayList<>(i.workarounds());
        w.add(text);
        return new Changed(i.withWorkarounds(w), List.of(TimelineEntry.of(at, actor, Kind.ACTION, text)));
    }

    public static Changed followUp(Incident i, FollowUpItem item, String actor, Instant at) {
        FreeText.text("follow-up", item.text());
        if (blank(item.text())) throw new ChangeRefused("a follow-up needs a text");
        List<FollowUpItem> f = new ArrayList<>(i.followUps());
        f.add(item);
        Checklist c = item.issue().isEmpty() ? i.checklist() : i.checklist().auto("github-issue", at);
        return new Changed(i.withFollowUps(f).withChecklist(c), List.of(TimelineEntry.of(at, actor, Kind.FOLLOW_UP,
                "follow-up: " + item.text() + (item.issue().isEmpty() ? "" : " → " + item.issue()))));
    }

    /**
     * A line people write in the log that changes nothing else — a note, a decision, a participant update — as
     * {@link FreeText} allows it.
     */
    public static TimelineEntry written(Kind kind, String actor, String text, Instant at) {
        return TimelineEntry.of(at, actor, kind, FreeText.text(kind.id() + " text", text));
    }

    public static Changed check(Incident i, List<String> keys, boolean checked, String actor, Instant at) {
        Checklist c = i.checklist();
        List<TimelineEntry> log = new ArrayList<>();
        for (String k : keys) {
            Checklist before = c;
            c = checked ? c.check(k, actor, at) : c.uncheck(k);
            if (!c.equals(before)) {
                log.add(TimelineEntry.of(at, actor, Kind.CHECKLIST, (checked ? "checked: " : "unchecked: ") + c.item(k).orElseThrow().text()));
            }
        }
        if (log.isEmpty()) throw new ChangeRefused("nothing to change: " + String.join(", ", keys) + (checked ? " checked" : " unchecked") + " already");
        return new Changed(i.withChecklist(c), log);
    }

    /** pitcrew checks an item itself (the resolution reached Slack): a no-op when someone checked it already. */
    public static Optional<Changed> autoCheck(Incident i, String key, String why, Instant at) {
        if (i.checklist().item(key).map(Checklist.Item::checked).orElse(true)) return Optional.empty();
        Checklist c = i.checklist().auto(key, at);
        return Optional.of(new Changed(i.withChecklist(c), List.of(TimelineEntry.of(at, Checklist.AUTO, Kind.CHECKLIST,
                "checked: " + c.item(key).orElseThrow().text() + " (" + why + ")"))));
    }

    private static String because(String reason) {
        return blank(reason) ? "" : " — " + reason.strip();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
