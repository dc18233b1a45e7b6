package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** {@code kubectl get namespaces}: STATUS (Active, Terminating), AGE. */
final class NamespaceTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(TableColumn.objectName(),
            TableColumn.string("Status", "The status of the namespace"), TableColumn.age());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode namespace, Instant now) {
        return List.of(Cells.name(namespace), namespace.path("status").path("phase").asString(""), Cells.age(namespace, now));
    }
}
