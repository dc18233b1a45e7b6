package io.pitcrew.cli;

import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Lifecycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code pitcrew incident assign ROLE NAME}: "Assign incident commander (P0/P1 only)", and any other role. */
@Command(name = "assign", mixinStandardHelpOptions = true,
        description = "Give someone a role: commander (required for P0/P1 before leaving investigating), or any other (comms, scribe, ...).")
final class IncidentAssignCommand extends IncidentSubcommand {

    @Parameters(arity = "2..*", paramLabel = "[INC-n] ROLE NAME") List<String> words;

    @Override
    int run(Session s) {
        List<String> args = rest(words);
        if (args.size() < 2) throw new IllegalArgumentException("assign ROLE NAME, e.g. pitcrew incident assign commander alice");
        String role = args.getFirst();
        String name = String.join(" ", args.subList(1, args.size()));
        String id = s.incidents.named(leadingId(words)).id();
        Incident i = s.incidents.change(id, read -> Lifecycle.assign(read, role, name, s.actor(), s.incidents.now()));
        s.print(i, role + ": " + name);
        return 0;
    }
}
