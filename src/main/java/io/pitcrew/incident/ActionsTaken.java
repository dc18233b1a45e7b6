package io.pitcrew.incident;

import io.pitcrew.act.Change;
import io.pitcrew.act.Outcome;
import io.pitcrew.incident.TimelineEntry.Kind;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@code pitcrew fix} did, written on the timeline of the open incident it concerns without anyone typing it:
 * the incident named with {@code --incident}, else the only open one. An applied fix is also a workaround applied.
 */
public final class ActionsTaken {

    private ActionsTaken() {}

    /** Records {@code outcome} when it is a decision (applied, in effect, refused, failed); a dry run is not. */
    public static Optional<Incident> record(Incidents incidents, Optional<String> incidentId, Outcome outcome, String actor,
                                            Consumer<String> say) {
        if (outcome.auditId().isEmpty()) return Optional.empty();
        Incident incident;
        if (incidentId.isPresent()) {
            incident = incidents.get(incidentId.get());
        } else {
            List<Incident> open = incidents.open();
            if (open.size() != 1) {
                if (open.size() > 1) {
                    say.accept("not written on an incident timeline: " + open.size() + " incidents are open; name one with --incident");
                }
                return Optional.empty();
            }
            incident = open.getFirst();
        }
        String text = line(outcome);
        Outcome.Result r = outcome.result();
        if (r == Outcome.Result.APPLIED || r == Outcome.Result.UNVERIFIED) {
            incidents.change(incident.id(), i -> Lifecycle.workaround(i, text, actor, incidents.now()));
        } else {
            incidents.append(incident.number(), actor, Kind.ACTION, text);
        }
        say.accept("recorded on the timeline of " + incident.id());
        return Optional.of(incident);
    }

    static String line(Outcome o) {
        String changes = o.applied().isEmpty() ? "" : " — " + String.join("; ", o.applied().stream().filter(Change::changes)
                .map(c -> c.region() + " " + c.object() + " " + c.field() + " " + c.before() + " → " + c.after()).toList());
        return "pitcrew fix " + o.plan().action() + " " + o.result().id() + " (audit #" + o.auditId().getAsLong() + "): "
                + firstLine(o.detail()) + changes;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
