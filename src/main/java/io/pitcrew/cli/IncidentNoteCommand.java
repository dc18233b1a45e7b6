package io.pitcrew.cli;

import io.pitcrew.incident.TimelineEntry;
import picocli.CommandLine.Command;

/** {@code pitcrew incident note TEXT}: what was seen, tried, learned. */
@Command(name = "note", mixinStandardHelpOptions = true, description = "Write a note in the incident log: what was seen, tried, learned.")
final class IncidentNoteCommand extends IncidentLogLineCommand {
    @Override
    TimelineEntry.Kind kind() { return TimelineEntry.Kind.NOTE; }
}
