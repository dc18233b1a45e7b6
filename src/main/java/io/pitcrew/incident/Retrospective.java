package io.pitcrew.incident;

import io.pitcrew.incident.TimelineEntry.Kind;
import io.pitcrew.runbook.Cause;
import io.pitcrew.runbook.IncidentType;
import io.pitcrew.runbook.Runbook;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runbook's "Include incident in post-workshop retrospective", written for you: the incidents, their timelines,
 * MTTD / MTTA / MTTR, root causes, actions taken, follow-ups, and the runbook updates they call for. An incident whose
 * cause the runbook does not know is proposed as a new incident type ("Update this runbook if new incident type
 * discovered").
 */
public final class Retrospective {

    private Retrospective() {}

    public static String markdown(String scope, List<Incident> incidents, Map<Long, List<TimelineEntry>> timelines,
                                  Runbook runbook, Instant now) {
        List<Incident> oldestFirst = incidents.stream().sorted((a, b) -> Long.compare(a.number(), b.number())).toList();
        StringBuilder b = new StringBuilder("# Post-workshop retrospective: ").append(scope).append("\n\n");
        b.append("Written by `pitcrew retro` at ").append(at(now)).append(" from ").append(incidents.size())
                .append(incidents.size() == 1 ? " incident" : " incidents").append(" in the incident store.\n\n");
        if (incidents.isEmpty()) {
            return b.append("No incidents. (Declared incidents appear here: `pitcrew incident declare`.)\n").toString();
        }
        b.append("## Incidents\n\n| Incident | Severity | Status | Title | Commander | Root cause |\n|---|---|---|---|---|---|\n");
        for (Incident i : oldestFirst) {
            b.append("| ").append(i.id()).append(" | ").append(i.severity()).append(" | ").append(i.status().id()).append(" | ")
                    .append(cell(i.title())).append(" | ").append(cell(i.commander().orElse("—"))).append(" | ")
                    .append(cell(i.rootCause().isEmpty() ? "not documented" : i.rootCause())).append(" |\n");
        }
        Metrics all = Metrics.of(oldestFirst);
        b.append("\n## Metrics\n\n")
                .append("MTTD (started → detected), MTTA (detected → acknowledged), MTTR (started → resolved): means over the ")
                .append("incidents that have both times; definitions in docs/incidents.md.\n\n")
                .append("| | MTTD | MTTA | MTTR |\n|---|---|---|---|\n")
                .append("| **all ").append(all.incidents()).append("** | ").append(Metrics.text(all.mttd())).append(" | ")
                .append(Metrics.text(all.mtta())).append(" | ").append(Metrics.text(all.mttr())).append(" |\n");
        for (Incident i : oldestFirst) {
            Metrics m = Metrics.of(i);
            b.append("| ").append(i.id()).append(" | ").append(Metrics.text(m.mttd())).append(" | ").append(Metrics.text(m.mtta()))
                    .append(" | ").append(Metrics.text(m.mttr())).append(" |\n");
        }
        for (Incident i : oldestFirst) incident(b, i, timelines.getOrDefault(i.number(), List.of()));
        b.append("\n## Follow-ups\n\n");
        boolean any = false;
        for (Incident i : oldestFirst) {
            for (FollowUpItem f : i.followUps()) {
                b.append("- ").append(i.id()).append(": ").append(f.text()).append(f.issue().isEmpty() ? " (no issue yet)" : " — " + f.issue()).append('\n');
                any = true;
            }
            for (Checklist.Item item : i.checklist().unchecked()) {
                if (item.key().equals("retrospective")) continue; // this document is that item
                b.append("- ").append(i.id()).append(": post-incident checklist not done: ").append(item.text()).append('\n');
                any = true;
            }
        }
        if (!any) b.append("None.\n");
        b.append("\n## Proposed runbook updates\n\n");
        List<String> proposals = oldestFirst.stream().flatMap(i -> proposal(i, timelines.getOrDefault(i.number(), List.of()), runbook).stream()).toList();
        b.append(proposals.isEmpty() ? "None: every incident's cause is in the runbook.\n" : String.join("\n", proposals));
        return b.toString();
    }

    private static void incident(StringBuilder b, Incident i, List<TimelineEntry> timeline) {
        b.append("\n## ").append(i.id()).append(": ").append(i.title()).append("\n\n");
        b.append("- Severity: ").append(i.severity()).append(" (").append(i.severity().label()).append(": ")
                .append(i.severity().definition()).append(")\n");
        b.append("- Regions: ").append(i.regions().isEmpty() ? "—" : String.join(", ", i.regions())).append('\n');
        i.roles().forEach((role, name) -> b.append("- ").append(role.substring(0, 1).toUpperCase()).append(role.substring(1))
                .append(": ").append(name).append('\n'));
        b.append("- Started ").append(at(i.times().started())).append(", detected ").append(at(i.times().detected()))
                .append(", declared ").append(at(i.times().declared()))
                .append(i.times().acknowledged().map(t -> ", acknowledged " + at(t)).orElse(""))
                .append(i.times().mitigated().map(t -> ", mitigated " + at(t)).orElse(""))
                .append(i.times().resolved().map(t -> ", resolved " + at(t)).orElse("")).append('\n');
        i.findings().forEach(f -> b.append("- Finding: `").append(f.id()).append("` ").append(f.severity())
                .append(f.title().isBlank() ? "" : " — " + f.title()).append('\n'));
        b.append("- Root cause: ").append(i.rootCause().isEmpty() ? "not documented" : i.rootCause()).append('\n');
        List<TimelineEntry> actions = timeline.stream().filter(e -> e.kind() == Kind.ACTION).toList();
        if (!actions.isEmpty()) {
            b.append("\nActions taken:\n\n");
            actions.forEach(e -> b.append("- ").append(at(e.at())).append(" ").append(e.actor()).append(": ").append(e.text()).append('\n'));
        }
        List<TimelineEntry> decisions = timeline.stream().filter(e -> e.kind() == Kind.DECISION).toList();
        if (!decisions.isEmpty()) {
            b.append("\nDecisions:\n\n");
            decisions.forEach(e -> b.append("- ").append(at(e.at())).append(" ").append(e.actor()).append(": ").append(e.text()).append('\n'));
        }
        long notifications = timeline.stream().filter(e -> e.kind() == Kind.NOTIFICATION).count();
        b.append("\nTimeline").append(notifications == 0 ? "" : " (" + notifications + " notification attempts left out)").append(":\n\n");
        timeline.stream().filter(e -> e.kind() != Kind.NOTIFICATION).forEach(e -> b.append("- ").append(at(e.at())).append(" **")
                .append(e.kind().id()).append("** ").append(e.text()).append(" (").append(e.actor()).append(")\n"));
    }

    /**
     * A runbook update the incident calls for: a new incident type when none of its findings is one the runbook
     * knows, a new cause when the type is known and the cause is not.
     */
    static Optional<String> proposal(Incident i, List<TimelineEntry> timeline, Runbook runbook) {
        for (LinkedFinding f : i.findings()) {
            Optional<IncidentType> type = runbook.type(f.incidentType());
            if (type.isPresent() && type.get().causes().stream().map(Cause::id).anyMatch(f.cause()::equals)) return Optional.empty();
            if (type.isPresent()) {
                return Optional.of("### New cause for \"" + type.get().title() + "\": `" + f.cause() + "` (from " + i.id() + ")\n\n"
                        + "- Seen as: " + (f.title().isBlank() ? f.id() : f.title()) + "\n- Root cause: "
                        + (i.rootCause().isEmpty() ? "not documented" : i.rootCause()) + "\n" + resolution(i, timeline));
            }
        }
        return Optional.of("### Proposed new incident type: " + i.title() + " (from " + i.id() + ")\n\n"
                + "The runbook has no incident type for this"
                + (i.findings().isEmpty() ? " (no doctor finding was linked)" : " (findings: " + String.join(", ",
                i.findings().stream().map(LinkedFinding::id).toList()) + ")") + ". A draft section:\n\n"
                + "- Symptoms: " + i.title() + (i.regions().isEmpty() ? "" : " in " + String.join(", ", i.regions())) + "\n"
                + "- Likely cause: " + (i.rootCause().isEmpty() ? "not documented" : i.rootCause()) + "\n"
                + "- Severity seen: " + i.severity() + "\n" + resolution(i, timeline));
    }

    private static String resolution(Incident i, List<TimelineEntry> timeline) {
        StringBuilder b = new StringBuilder("- Resolution (what was done):\n");
        List<String> done = timeline.stream().filter(e -> e.kind() == Kind.ACTION || e.kind() == Kind.DECISION)
                .map(TimelineEntry::text).toList();
        if (done.isEmpty()) b.append("  - nothing recorded\n");
        done.forEach(d -> b.append("  - ").append(d).append('\n'));
        i.followUps().forEach(f -> b.append("- Permanent fix: ").append(f.text()).append(f.issue().isEmpty() ? "" : " (" + f.issue() + ")").append('\n'));
        return b.toString();
    }

    private static String at(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
