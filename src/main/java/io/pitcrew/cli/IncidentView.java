package io.pitcrew.cli;

import io.pitcrew.incident.Checklist;
import io.pitcrew.incident.FollowUpItem;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.IncidentDocument;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.incident.Times;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** How incidents look on a terminal and in {@code -o json}. */
final class IncidentView {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private IncidentView() {}

    static String headline(Incident i) {
        return i.id() + "  " + i.severity() + "  " + i.status().id() + "  " + i.title();
    }

    static String table(Incident i, List<TimelineEntry> timeline, List<String> reminders) {
        StringBuilder b = new StringBuilder(headline(i)).append('\n');
        row(b, "severity", i.severity() + " (" + i.severity().label() + ": " + i.severity().definition() + ")");
        if (!i.workshop().isEmpty()) row(b, "workshop", i.workshop());
        row(b, "commander", i.commander().orElse(i.needsCommander() ? "NONE (required for " + i.severity() + ")" : "-"));
        i.roles().forEach((role, name) -> {
            if (!role.equals(Incident.COMMANDER)) row(b, role, name);
        });
        row(b, "regions", i.regions().isEmpty() ? "-" : String.join(", ", i.regions()));
        Times t = i.times();
        row(b, "started", at(t.started()));
        row(b, "detected", at(t.detected()));
        row(b, "declared", at(t.declared()));
        row(b, "acknowledged", t.acknowledged().map(IncidentView::at).orElse("-"));
        row(b, "mitigated", t.mitigated().map(IncidentView::at).orElse("-"));
        row(b, "resolved", t.resolved().map(IncidentView::at).orElse("-"));
        for (LinkedFinding f : i.findings()) row(b, "finding", f.id() + " " + f.severity() + " [" + String.join(", ", f.regions()) + "] " + f.title());
        row(b, "root cause", i.rootCause().isEmpty() ? "-" : i.rootCause());
        i.workarounds().forEach(w -> row(b, "workaround", w));
        for (FollowUpItem f : i.followUps()) row(b, "follow-up", f.text() + (f.issue().isEmpty() ? "" : " → " + f.issue()));
        long done = i.checklist().items().stream().filter(Checklist.Item::checked).count();
        row(b, "checklist", done + "/" + i.checklist().items().size() + " (pitcrew incident checklist " + i.id() + ")");
        if (!reminders.isEmpty()) {
            b.append("\nreminders:\n");
            reminders.forEach(r -> b.append("  ! ").append(r).append('\n'));
        }
        b.append("\ntimeline:\n");
        for (TimelineEntry e : timeline) {
            b.append(String.format("  %s  %-12s %-13s %s%n", at(e.at()), e.actor(), e.kind().id(), e.text()));
        }
        return b.toString();
    }

    static String checklist(Incident i) {
        StringBuilder b = new StringBuilder(i.id() + " post-incident checklist (the runbook's):\n");
        for (Checklist.Item item : i.checklist().items()) {
            b.append(String.format("  [%s] %-22s %s%s%n", item.checked() ? "x" : " ", item.key(), item.text(),
                    item.checked() ? "  (" + item.checkedBy() + ", " + item.checkedAt() + ")" : ""));
        }
        return b.toString();
    }

    static String list(List<Incident> incidents) {
        StringBuilder b = new StringBuilder(String.format("%-8s %-3s %-14s %-20s %-12s %s%n", "ID", "SEV", "STATUS", "DECLARED", "COMMANDER", "TITLE"));
        for (Incident i : incidents) {
            b.append(String.format("%-8s %-3s %-14s %-20s %-12s %s%n", i.id(), i.severity(), i.status().id(), at(i.times().declared()),
                    i.commander().orElse("-"), i.title()));
        }
        return b.toString();
    }

    static String json(Incident i, List<TimelineEntry> timeline, List<String> reminders) {
        return JSON.writeValueAsString(IncidentDocument.withTimeline(i, timeline, reminders)) + "\n";
    }

    static String jsonList(List<Incident> incidents) {
        return JSON.writeValueAsString(Map.of("incidents", incidents.stream().map(IncidentView::fields).toList())) + "\n";
    }

    static Map<String, Object> fields(Incident i) {
        return IncidentDocument.fields(i);
    }

    private static String at(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void row(StringBuilder b, String label, String value) {
        b.append(String.format("  %-13s %s%n", label, value));
    }
}
