package io.pitcrew.preflight;

import io.pitcrew.incident.Incident;
import io.pitcrew.runbook.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The incident store before a workshop: an incident still open (P0/P1 blocks: it needs its commander now, not a
 * workshop on top), and the last workshop's incidents with their post-incident checklist or follow-ups left undone.
 */
final class IncidentsReadiness implements Readiness {

    static final String NAME = "incidents";

    @Override
    public String name() { return NAME; }

    @Override
    public Set<String> claims() {
        return Set.of();
    }

    @Override
    public List<Item> judge(Inputs in) {
        if (in.backlog().isEmpty()) return List.of(Item.ok(NAME, null, "no incident store (--db) to read"));
        Backlog b = in.backlog().get();
        List<Item> out = new ArrayList<>();
        for (Incident i : b.open()) {
            String detail = i.id() + " " + i.severity() + " " + i.status().id() + ": " + i.title() + " (pitcrew incident show " + i.id() + ")";
            out.add(i.severity().atLeast(Severity.P1) ? Item.blocker(NAME, null, "open: " + detail, null) : Item.risk(NAME, null, "open: " + detail, null));
        }
        for (Backlog.Undone u : b.undone()) {
            List<String> parts = new ArrayList<>();
            if (!u.unchecked().isEmpty()) {
                parts.add("post-incident checklist not done: " + String.join(", ", u.unchecked()) + " (pitcrew incident checklist "
                        + u.incident().id() + " --check " + u.unchecked().getFirst() + ")");
            }
            u.unfiled().forEach(f -> parts.add("follow-up without an issue: " + f.text()));
            out.add(Item.risk(NAME, null, u.incident().id() + " of the last workshop (" + b.lastWorkshop().orElse("") + "): "
                    + String.join("; ", parts), null));
        }
        if (out.isEmpty()) {
            out.add(Item.ok(NAME, null, "no open incident" + b.lastWorkshop().map(w -> "; the last workshop (" + w + ") left nothing undone")
                    .orElse("")));
        }
        return out;
    }
}
