package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * kube-apiserver's default table, for kinds without a printer of their own (Roles, ClusterRoles): NAME and CREATED
 * AT, the creation time in RFC 3339 rather than an age.
 */
final class CreatedAtTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(TableColumn.objectName(),
            new TableColumn("Created At", "date", "", TableColumn.age().description(), 0));

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode object, Instant now) {
        String created = object.path("metadata").path("creationTimestamp").asString("");
        String cell;
        try {
            cell = Instant.parse(created).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            cell = "0001-01-01T00:00:00Z"; // Go's zero time, as the server prints a missing one
        }
        return List.of(Cells.name(object), cell);
    }
}
