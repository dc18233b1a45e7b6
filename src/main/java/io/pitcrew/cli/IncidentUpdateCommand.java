package io.pitcrew.cli;

import io.pitcrew.incident.Incident;
import io.pitcrew.incident.IncidentNotices;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.notify.IncidentStatus;
import io.pitcrew.notify.Notice;
import picocli.CommandLine.Command;

/**
 * {@code pitcrew incident update TEXT}: "Participants: provide status updates if impact is user-visible". Written in
 * the log (which the 20-minute reminder reads) and sent; an update once users are no longer affected checks
 * "Participants notified if impacted".
 */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = {"Post a participant-facing status update (what users see, what to do); sent to Slack when configured.",
                "Owed every 15-20 minutes while the impact is user-visible (P0-P2): incident show reminds you."})
final class IncidentUpdateCommand extends IncidentLogLineCommand {

    @Override
    TimelineEntry.Kind kind() { return TimelineEntry.Kind.UPDATE; }

    @Override
    void written(Session s, Incident i, TimelineEntry e) {
        var sent = s.notices().announce(i, new Notice.ParticipantUpdate(i.brief(), e.at(), e.text()));
        if (i.status() == IncidentStatus.MONITORING || i.status() == IncidentStatus.RESOLVED) {
            String why = IncidentNotices.reachedSlack(sent) ? "update sent after mitigation" : "update written after mitigation";
            s.autoCheck(i, "participants-notified", why);
        }
    }
}
