package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** {@code kubectl get networkpolicies}: POD-SELECTOR, AGE. */
final class NetworkPolicyTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(TableColumn.objectName(),
            TableColumn.string("Pod-Selector", "Selects the pods to which this NetworkPolicy object applies."), TableColumn.age());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode policy, Instant now) {
        return List.of(Cells.name(policy), Cells.selectorOrNone(policy.path("spec").path("podSelector")), Cells.age(policy, now));
    }
}
