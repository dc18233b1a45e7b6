package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** {@code kubectl get serviceaccounts}: SECRETS (how many it lists), AGE. */
final class ServiceAccountTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(TableColumn.objectName(),
            TableColumn.string("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using "
                    + "this ServiceAccount are allowed to use."), TableColumn.age());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode account, Instant now) {
        return List.of(Cells.name(account), (long) account.path("secrets").size(), Cells.age(account, now));
    }
}
