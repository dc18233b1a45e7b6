package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** {@code kubectl get configmaps}: DATA (keys of data and binaryData), AGE. */
final class ConfigMapTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(TableColumn.objectName(),
            TableColumn.string("Data", "Data contains the configuration data."), TableColumn.age());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode configMap, Instant now) {
        return List.of(Cells.name(configMap), (long) (configMap.path("data").size() + configMap.path("binaryData").size()),
                Cells.age(configMap, now));
    }
}
