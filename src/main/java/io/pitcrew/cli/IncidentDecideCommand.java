package io.pitcrew.cli;

import io.pitcrew.incident.TimelineEntry;
import picocli.CommandLine.Command;

/** {@code pitcrew incident decide TEXT}: a decision, and who made it. */
@Command(name = "decide", mixinStandardHelpOptions = true, description = "Record a decision in the incident log, and who made it.")
final class IncidentDecideCommand extends IncidentLogLineCommand {
    @Override
    TimelineEntry.Kind kind() { return TimelineEntry.Kind.DECISION; }
}
