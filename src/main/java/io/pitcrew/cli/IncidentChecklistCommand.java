package io.pitcrew.cli;

import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Lifecycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code pitcrew incident checklist}: the runbook's "Post-Incident Checklist", shown and checked. */
@Command(name = "checklist", mixinStandardHelpOptions = true,
        description = {"Show the post-incident checklist; --check KEY / --uncheck KEY change items.",
                "pitcrew checks some by itself: resolved and root-cause at resolve, github-issue when followup --github opened one, "
                        + "team-notified when the resolution reached Slack, participants-notified on an update after mitigation."})
final class IncidentChecklistCommand extends IncidentSubcommand {

    @Parameters(arity = "0..1", paramLabel = "INC-n") List<String> words;

    @Option(names = "--check", paramLabel = "KEY", split = ",", description = "Check these items") List<String> check;

    @Option(names = "--uncheck", paramLabel = "KEY", split = ",", description = "Uncheck these items") List<String> uncheck;

    @Override
    int run(Session s) {
        Incident i = s.incidents.named(leadingId(words));
        if (check != null) i = s.incidents.change(i.id(), r -> Lifecycle.check(r, check, true, s.actor(), s.incidents.now()));
        if (uncheck != null) i = s.incidents.change(i.id(), r -> Lifecycle.check(r, uncheck, false, s.actor(), s.incidents.now()));
        if (!table()) {
            s.print(i, "checklist");
        } else {
            s.out.print(IncidentView.checklist(i));
            s.out.flush();
        }
        return 0;
    }
}
