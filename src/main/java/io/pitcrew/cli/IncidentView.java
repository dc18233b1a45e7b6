package io.pitcrew.cli;

import io.pitcrew.incident.Checklist;
import io.pitcrew.incident.FollowUpItem;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.incident.Times;
import io.pitcrew.text.Columns;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** How incidents look on a terminal; as data ({@code -o json|yaml}) they are {@link IncidentDocument}s. */
final class IncidentView {

    private IncidentView() {}

    static String headline(Incident i) {
        return i.id() + "  " + i.severity() + "  " + i.status().id() + "  " + i.title();
    }

    static String table(Incident i, List<TimelineEntry> timeline, List<String> reminders) {
        StringBuilder b = new StringBuilder(headline(i)).append('\n');
        Columns fields = Columns.plain();
        fields.row("severity", i.severity() + " (" + i.severity().label() + ": " + i.severity().definition() + ")");
        if (!i.workshop().isEmpty()) fields.row("workshop", i.workshop());
        fields.row("commander", i.commander().orElse(i.needsCommander() ? "NONE (required for " + i.severity() + ")" : "-"));
        i.roles().forEach((role, name) -> {
            if (!role.equals(Incident.COMMANDER)) fields.row(role, name);
        });
        fields.row("regions", i.regions().isEmpty() ? "-" : String.join(", ", i.regions()));
        Times t = i.times();
        fields.row("started", at(t.started()));
        fields.row("detected", at(t.detected()));
        fields.row("declared", at(t.declared()));
        fields.row("acknowledged", t.acknowledged().map(IncidentView::at).orElse("-"));
        fields.row("mitigated", t.mitigated().map(IncidentView::at).orElse("-"));
        fields.row("resolved", t.resolved().map(IncidentView::at).orElse("-"));
        for (LinkedFinding f : i.findings()) fields.row("finding", f.id() + " " + f.severity() + " [" + String.join(", ", f.regions()) + "] " + f.title());
        fields.row("root cause", i.rootCause().isEmpty() ? "-" : i.rootCause());
        i.workarounds().forEach(w -> fields.row("workaround", w));
        for (FollowUpItem f : i.followUps()) fields.row("follow-up", f.text() + (f.issue().isEmpty() ? "" : " → " + f.issue()));
        long done = i.checklist().items().stream().filter(Checklist.Item::checked).count();
        fields.row("checklist", done + "/" + i.checklist().items().size() + " (pitcrew incident checklist " + i.id() + ")");
        b.append(fields.render("  "));
        if (!reminders.isEmpty()) {
            b.append("\nreminders:\n");
            reminders.forEach(r -> b.append("  ! ").append(r).append('\n'));
        }
        b.append("\ntimeline:\n");
        Columns entries = Columns.plain();
        for (TimelineEntry e : timeline) entries.row(at(e.at()), e.actor(), e.kind().id(), e.text());
        return b.append(entries.render("  ")).toString();
    }

    static String checklist(Incident i) {
        Columns items = Columns.plain();
        for (Checklist.Item item : i.checklist().items()) {
            items.row("[" + (item.checked() ? "x" : " ") + "] " + item.key(), item.text()
                    + (item.checked() ? "  (" + item.checkedBy() + ", " + item.checkedAt() + ")" : ""));
        }
        return i.id() + " post-incident checklist (the runbook's):\n" + items.render("  ");
    }

    static String list(List<Incident> incidents) {
        Columns table = Columns.headed("ID", "SEV", "STATUS", "DECLARED", "COMMANDER", "TITLE");
        for (Incident i : incidents) {
            table.row(i.id(), i.severity(), i.status().id(), at(i.times().declared()), i.commander().orElse("-"), i.title());
        }
        return table.render();
    }

    private static String at(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

}
