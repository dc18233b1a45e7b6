package io.pitcrew.cli;

import io.pitcrew.incident.FollowUpItem;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Lifecycle;
import io.pitcrew.notify.Delivery;
import io.pitcrew.notify.GitHubIssue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code pitcrew incident followup TEXT [--github]}: "Create GitHub issue for permanent fix". */
@Command(name = "followup", mixinStandardHelpOptions = true,
        description = {"Add a follow-up (the permanent fix, a runbook change). With --github, open it as a GitHub issue with the "
                + "root cause and the timeline (notifications.github in pitcrew.yaml)."})
final class IncidentFollowupCommand extends IncidentSubcommand {

    @Parameters(arity = "1..*", paramLabel = "[INC-n] TEXT") List<String> words;

    @Option(names = "--github", description = "Open a GitHub issue for it") boolean github;

    @Override
    int run(Session s) {
        String text = text(words, "followup text");
        Incident read = s.incidents.named(leadingId(words));
        String issue = "";
        if (github) {
            Delivery<GitHubIssue> d = s.notices().openFollowUp(read, text);
            if (d instanceof Delivery.Delivered<GitHubIssue> ok) {
                issue = ok.value().htmlUrl().toString();
            } else {
                s.err.println("the follow-up is recorded without an issue; open one by hand and note its link");
            }
        }
        String link = issue;
        Incident i = s.incidents.change(read.id(), r -> Lifecycle.followUp(r, new FollowUpItem(text, link), s.actor(), s.incidents.now()));
        s.print(i, "follow-up added" + (link.isEmpty() ? "" : ": " + link));
        return 0;
    }
}
