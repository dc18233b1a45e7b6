package io.pitcrew.cli;

import io.pitcrew.incident.Incident;
import io.pitcrew.incident.IncidentDocument;
import io.pitcrew.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code pitcrew incident show}: everything about one incident, its timeline, and what the runbook still asks for. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show an incident: fields, timeline and reminders (a P0/P1 without commander, no participant update for "
                + "20 min while user-visible, the key rotator still paused, checklist items left at resolve)."})
final class IncidentShowCommand extends IncidentSubcommand {

    @Parameters(arity = "0..1", paramLabel = "INC-n") List<String> words;

    @Override
    int run(Session s) {
        Incident i = leadingId(words).isPresent() || words == null || words.isEmpty() ? s.incidents.named(leadingId(words))
                : s.incidents.get(words.getFirst());
        var timeline = s.incidents.timeline(i.number());
        var reminders = s.reminders(i);
        s.out.print(table() ? IncidentView.table(i, timeline, reminders)
                : output.format().write(IncidentDocument.withTimeline(i, timeline, reminders)));
        s.out.flush();
        return 0;
    }

    @Override
    Store.Access access() {
        return Store.Access.READ;
    }
}
