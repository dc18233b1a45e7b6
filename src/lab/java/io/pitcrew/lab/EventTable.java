package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code kubectl get events}: LAST SEEN, TYPE, REASON, OBJECT ("pod/name"), MESSAGE; wide: SUBOBJECT, SOURCE,
 * FIRST SEEN, COUNT, NAME (printEvent). LAST SEEN is the last time's age alone on a real API server too; the
 * "5m (x3 over 11m)" form is kubectl's own, in {@code kubectl describe} and {@code kubectl events}, from the same
 * firstTimestamp, lastTimestamp and count.
 */
final class EventTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(
            TableColumn.string("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
            TableColumn.string("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
            TableColumn.string("Reason", "This should be a short, machine understandable string that gives the reason for "
                    + "the transition into the object's current status."),
            TableColumn.string("Object", "The object that this event is about."),
            TableColumn.string("Subobject", "If referring to a piece of an object instead of an entire object, this string "
                    + "should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].").wide(),
            TableColumn.string("Source", "The component reporting this event. Should be a short machine understandable string.").wide(),
            TableColumn.string("Message", "A human-readable description of the status of this operation."),
            TableColumn.string("First Seen", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)").wide(),
            TableColumn.string("Count", "The number of times this event has occurred.").wide(),
            new TableColumn("Name", "string", "name", TableColumn.objectName().description(), 1));

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode event, Instant now) {
        String first = event.path("firstTimestamp").asString("").isEmpty()
                ? Cells.since(event.path("eventTime"), now) : Cells.since(event.path("firstTimestamp"), now);
        String last = event.path("lastTimestamp").asString("").isEmpty() ? first : Cells.since(event.path("lastTimestamp"), now);
        long count = event.path("count").asLong(0);
        JsonNode series = event.path("series");
        if (!series.isMissingNode() && !series.isNull()) {
            last = Cells.since(series.path("lastObservedTime"), now);
            count = series.path("count").asLong(0);
        } else if (count == 0) {
            count = 1; // a singleton event of the new API has no count
        }
        JsonNode involved = event.path("involvedObject");
        String kind = involved.path("kind").asString("").toLowerCase(Locale.ROOT);
        String name = involved.path("name").asString("");
        String component = event.path("source").path("component").asString("");
        if (component.isEmpty()) component = event.path("reportingComponent").asString("");
        String host = event.path("source").path("host").asString("");
        if (host.isEmpty()) host = event.path("reportingInstance").asString("");
        return Arrays.asList(
                last,
                event.path("type").asString(""),
                event.path("reason").asString(""),
                name.isEmpty() ? kind : kind + "/" + name,
                involved.path("fieldPath").asString(""),
                host.isEmpty() ? component : component + ", " + host,
                event.path("message").asString("").strip(),
                first,
                count,
                Cells.name(event));
    }
}
