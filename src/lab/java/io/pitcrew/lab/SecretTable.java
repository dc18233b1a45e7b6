package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * {@code kubectl get secrets}: TYPE, DATA (how many keys, never a value), AGE. The runbook's
 * {@code kubectl get secrets -A | grep ecr} and {@code | grep docker} find the pull secrets here: by name, and by
 * the type {@code kubernetes.io/dockerconfigjson}.
 */
final class SecretTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(TableColumn.objectName(),
            TableColumn.string("Type", "Used to facilitate programmatic handling of secret data."),
            TableColumn.string("Data", "Data contains the secret data."), TableColumn.age());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode secret, Instant now) {
        return List.of(Cells.name(secret), secret.path("type").asString(""), (long) secret.path("data").size(),
                Cells.age(secret, now));
    }
}
