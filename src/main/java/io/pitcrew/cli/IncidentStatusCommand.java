package io.pitcrew.cli;

import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Lifecycle;
import io.pitcrew.notify.IncidentStatus;
import io.pitcrew.notify.Notice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;

/** {@code pitcrew incident status identified}: investigating → identified → monitoring; resolve has its own command. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Move the incident along: investigating → identified → monitoring (resolved: pitcrew incident resolve).",
                "Going back (or reopening a resolved incident) needs --reason. A P0/P1 needs a commander before it leaves investigating."})
final class IncidentStatusCommand extends IncidentSubcommand {

    @Parameters(arity = "1..2", paramLabel = "[INC-n] STATUS") List<String> words;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required to go back)") String reason;

    @Override
    int run(Session s) {
        List<String> args = rest(words);
        if (args.size() != 1) throw new IllegalArgumentException("status investigating|identified|monitoring");
        IncidentStatus to;
        try {
            to = IncidentStatus.valueOf(args.getFirst().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status " + args.getFirst() + ": use investigating, identified or monitoring");
        }
        String id = s.incidents.named(leadingId(words)).id();
        IncidentStatus[] from = new IncidentStatus[1];
        Incident i = s.incidents.change(id, read -> {
            from[0] = read.status();
            return Lifecycle.status(read, to, reason, s.actor(), s.incidents.now());
        });
        s.print(i, from[0].id() + " → " + to.id());
        s.announce(i, new Notice.StatusChanged(i.brief(), s.incidents.now(), from[0]));
        return 0;
    }
}
