package io.pitcrew.cli;

import io.pitcrew.incident.Incident;
import io.pitcrew.incident.TimelineEntry;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * A line people write in the incident log (the runbook's "document timeline, actions, decisions"): appended, never
 * changing the incident itself, so it never races with anyone's change.
 */
abstract class IncidentLogLineCommand extends IncidentSubcommand {

    @Parameters(arity = "1..*", paramLabel = "[INC-n] TEXT") List<String> words;

    abstract TimelineEntry.Kind kind();

    @Override
    int run(Session s) {
        String text = text(words, kind().id() + " text");
        Incident i = s.incidents.named(leadingId(words));
        TimelineEntry e = s.incidents.write(i.number(), s.actor(), kind(), text);
        s.print(i, e.kind().id() + " #" + e.seq() + " written");
        written(s, i, e);
        return 0;
    }

    /** What else follows the line: a participant update is also sent. */
    void written(Session s, Incident i, TimelineEntry e) {}
}
