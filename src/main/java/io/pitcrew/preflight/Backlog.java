package io.pitcrew.preflight;

import io.pitcrew.config.Workshop;
import io.pitcrew.config.Workshops;
import io.pitcrew.incident.FollowUpItem;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Incidents;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the incident store still holds open before a workshop: incidents not resolved, and what the last workshop's
 * incidents left undone (the runbook's post-incident checklist, follow-ups never filed as issues).
 *
 * @param lastWorkshop the workshop before this one: the configured window that ended last before this one starts,
 *                     else the newest workshop incidents were declared for; empty when there was none
 */
public record Backlog(List<Incident> open, Optional<String> lastWorkshop, List<Undone> undone) {

    /** One incident of the last workshop with work left. */
    public record Undone(Incident incident, List<String> unchecked, List<FollowUpItem> unfiled) {}

    /** Read from the store: the workshop is {@code coming}. */
    public static Backlog read(Incidents incidents, Workshops workshops, Workshop coming) {
        List<Incident> all = incidents.all();
        Optional<Workshop> window = workshops.windows().stream()
                .filter(w -> !w.name().equals(coming.name()) && !w.end().isAfter(coming.start()))
                .max(Comparator.comparing(Workshop::end));
        Optional<String> last = window.map(Workshop::name).or(() -> all.stream()
                .filter(i -> !i.workshop().isEmpty() && !i.workshop().equals(coming.name()))
                .max(Comparator.comparing(i -> i.times().declared())).map(Incident::workshop));
        List<Undone> undone = new ArrayList<>();
        for (Incident i : all) {
            if (i.open() || last.isEmpty()) continue;
            boolean ofLast = i.workshop().equals(last.get()) || window.map(w -> !i.times().declared().isBefore(w.start())
                    && i.times().declared().isBefore(w.end())).orElse(false);
            if (!ofLast) continue;
            List<String> unchecked = i.checklist().unchecked().stream().map(c -> c.key()).toList();
            List<FollowUpItem> unfiled = i.followUps().stream().filter(f -> f.issue().isEmpty()).toList();
            if (!unchecked.isEmpty() || !unfiled.isEmpty()) undone.add(new Undone(i, unchecked, unfiled));
        }
        return new Backlog(all.stream().filter(Incident::open).toList(), last, undone);
    }
}
