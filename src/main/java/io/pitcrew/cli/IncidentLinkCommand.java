package io.pitcrew.cli;

import io.pitcrew.incident.Incident;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.incident.Lifecycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code pitcrew incident link --from-finding TYPE/CAUSE}: a finding seen after declare, linked to the incident. */
@Command(name = "link", mixinStandardHelpOptions = true,
        description = "Link another doctor finding to the incident (its regions become affected regions); from --findings FILE or doctor run now.")
final class IncidentLinkCommand extends IncidentSubcommand {

    @Parameters(arity = "0..1", paramLabel = "INC-n") List<String> words;

    @Option(names = "--from-finding", paramLabel = "TYPE/CAUSE", required = true, description = "The finding, as doctor -o json names it")
    String fromFinding;

    @Mixin
    FindingsOptions findings;

    @Override
    int run(Session s) {
        String id = s.incidents.named(leadingId(words)).id();
        LinkedFinding f = findings.read(platform).select(fromFinding);
        Incident i = s.incidents.change(id, read -> Lifecycle.linkFindings(read, List.of(f), s.actor(), s.incidents.now()));
        s.print(i, "finding linked: " + f.id());
        return 0;
    }
}
