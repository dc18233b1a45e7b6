package io.pitcrew.cli;

import io.pitcrew.config.Contacts;
import io.pitcrew.incident.FreeText;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.notify.EmergencyContacts;
import io.pitcrew.notify.Notice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code pitcrew incident escalate}: "Escalation: contact on-call engineer for P0/P1 incidents". */
@Command(name = "escalate", mixinStandardHelpOptions = true,
        description = {"Escalate to on-call: PagerDuty trigger for P0/P1 (one alert per incident: its id is the dedup key), "
                + "Slack with the emergency contacts in the order they are called (contacts: in pitcrew.yaml)."})
final class IncidentEscalateCommand extends IncidentSubcommand {

    @Parameters(arity = "0..1", paramLabel = "INC-n") List<String> words;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why on-call is needed") String reason;

    @Override
    int run(Session s) {
        Incident i = s.incidents.named(leadingId(words));
        Contacts contacts = platform.loadConfig().config().contacts();
        String why = reason == null || reason.isBlank() ? i.severity() + " " + i.severity().label() : FreeText.text("--reason", reason.strip());
        List<String> order = contacts.escalationOrder().stream().map(c -> c.role() + (c.name().isBlank() ? "" : " " + c.name())).toList();
        s.incidents.append(i.number(), s.actor(), TimelineEntry.Kind.ESCALATED, "escalated: " + why
                + (order.isEmpty() ? " (no contacts: in pitcrew.yaml)" : "; call, in order: " + String.join(", ", order)));
        s.print(i, "escalated");
        if (table()) {
            s.out.print(EmergencyContacts.markdown(contacts));
            if (!s.notices().notifier().shouldPage(i.severity())) {
                s.out.println("  note: " + i.severity() + " does not page on-call (the runbook pages P0/P1); Slack is told");
            }
            s.out.flush();
        }
        s.announce(i, new Notice.Escalated(i.brief(), s.incidents.now(), why, contacts.escalationOrder()));
        return 0;
    }
}
