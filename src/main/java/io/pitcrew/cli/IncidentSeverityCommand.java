package io.pitcrew.cli;

import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Lifecycle;
import io.pitcrew.notify.Notice;
import io.pitcrew.runbook.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code pitcrew incident severity P1}: "Assess severity", again, as the impact becomes clear. */
@Command(name = "severity", mixinStandardHelpOptions = true, description = "Change the severity (P0-P3, the runbook's definitions); announced in Slack.")
final class IncidentSeverityCommand extends IncidentSubcommand {

    @Parameters(arity = "1..2", paramLabel = "[INC-n] P0..P3") List<String> words;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the timeline") String reason;

    @Override
    int run(Session s) {
        List<String> args = rest(words);
        if (args.size() != 1) throw new IllegalArgumentException("severity P0|P1|P2|P3");
        Severity to = IncidentDeclareCommand.severity(args.getFirst());
        String id = s.incidents.named(leadingId(words)).id();
        Severity[] from = new Severity[1];
        Incident i = s.incidents.change(id, read -> {
            from[0] = read.severity();
            return Lifecycle.severity(read, to, reason, s.actor(), s.incidents.now());
        });
        s.print(i, "severity " + from[0] + " → " + to);
        s.announce(i, new Notice.SeverityChanged(i.brief(), s.incidents.now(), from[0]));
        if (s.notices().notifier().shouldPage(to) && !s.notices().notifier().shouldPage(from[0]) && table()) {
            s.out.println("  " + to + " pages on-call: pitcrew incident escalate " + i.id() + " --reason TEXT");
            s.out.flush();
        }
        return 0;
    }
}
