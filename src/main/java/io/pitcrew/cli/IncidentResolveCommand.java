package io.pitcrew.cli;

import io.pitcrew.incident.Incident;
import io.pitcrew.incident.IncidentNotices;
import io.pitcrew.incident.Lifecycle;
import io.pitcrew.notify.Notice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code pitcrew incident resolve --root-cause TEXT}: "Document root cause", then resolved. */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = {"Resolve the incident with its root cause (required); Slack is told, PagerDuty's alert resolved.",
                "What is left of the post-incident checklist is listed."})
final class IncidentResolveCommand extends IncidentSubcommand {

    @Parameters(arity = "0..1", paramLabel = "INC-n") List<String> words;

    @Option(names = "--root-cause", paramLabel = "TEXT", required = true, description = "Why it happened") String rootCause;

    @Override
    int run(Session s) {
        String id = s.incidents.named(leadingId(words)).id();
        Incident i = s.incidents.change(id, read -> Lifecycle.resolve(read, rootCause, s.actor(), s.incidents.now()));
        var sent = s.notices().announce(i, new Notice.Resolved(i.brief(), i.times().resolved().orElseThrow(), i.rootCause()));
        if (IncidentNotices.reachedSlack(sent)) s.autoCheck(i, "team-notified", "resolution sent to Slack");
        s.print(s.incidents.get(id), "resolved");
        return 0;
    }
}
