package io.pitcrew.incident;

import java.util.List;

/** A change worked out by {@link Lifecycle}: the incident as it is to be written, and the log lines that say so. */
public record Changed(Incident incident, List<TimelineEntry> entries) {

    public Changed {
        entries = List.copyOf(entries);
    }
}
