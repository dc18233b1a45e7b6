package io.pitcrew.cli;

import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Lifecycle;
import io.pitcrew.notify.Notice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code pitcrew incident ack}: "Acknowledge the incident in team chat", and PagerDuty's alert for P0/P1. */
@Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge the incident: you are on it (Slack; PagerDuty acknowledge for P0/P1).")
final class IncidentAckCommand extends IncidentSubcommand {

    @Parameters(arity = "0..1", paramLabel = "INC-n") List<String> words;

    @Override
    int run(Session s) {
        String id = s.incidents.named(leadingId(words)).id();
        Incident i = s.incidents.change(id, read -> Lifecycle.acknowledge(read, s.actor(), s.incidents.now()));
        s.print(i, "acknowledged by " + s.actor());
        s.announce(i, new Notice.Acknowledged(i.brief(), i.times().acknowledged().orElseThrow(), s.actor()));
        return 0;
    }
}
