package io.pitcrew.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pitcrew incident}: the runbook's "Incident Response Process", one subcommand per step. */
@Command(name = "incident", mixinStandardHelpOptions = true,
        description = {"Run an incident as the runbook says: declare, acknowledge, assess severity (P0-P3), assign a commander "
                + "(P0/P1), keep the incident log, update the team and participants, escalate, resolve with the root cause, "
                + "follow up, check the post-incident checklist.",
                "The timeline records itself: findings linked, fixes applied with pitcrew fix, status, severity and role "
                        + "changes, every notification attempt. Slack, PagerDuty and GitHub are used when pitcrew.yaml "
                        + "configures them (docs/notifications.md); a failed notification never stops a command."},
        subcommands = {IncidentDeclareCommand.class, IncidentLinkCommand.class, IncidentAckCommand.class, IncidentAssignCommand.class,
                IncidentSeverityCommand.class, IncidentStatusCommand.class, IncidentNoteCommand.class,
                IncidentDecideCommand.class, IncidentUpdateCommand.class, IncidentEscalateCommand.class,
                IncidentResolveCommand.class, IncidentFollowupCommand.class, IncidentChecklistCommand.class,
                IncidentShowCommand.class, IncidentListCommand.class},
        footer = {"", "The incident is named by its id (INC-3) as the first argument, or left out when only one is open.",
                "", "Examples:",
                "  pitcrew incident declare --from-finding litellm-auth/key-rotation --workshop 2026-11",
                "  pitcrew incident assign commander alice",
                "  pitcrew incident status identified",
                "  pitcrew incident update \"Workspaces may restart in the next 10 minutes; save your work\"",
                "  pitcrew incident resolve --root-cause \"the key rotator restarted workspaces mid-workshop\"",
                "  pitcrew incident show INC-1 -o json",
                "", "Exit codes: 0 done; 2 bad input or a change the runbook's rules refuse; 4 the store cannot be used (locked by another writer, not writable, not a store)."})
final class IncidentCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
