package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** {@code kubectl get pdb}: MIN AVAILABLE, MAX UNAVAILABLE, ALLOWED DISRUPTIONS, AGE. */
final class PodDisruptionBudgetTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(
            TableColumn.objectName(),
            TableColumn.string("Min Available", "The minimum number of pods that must be available."),
            TableColumn.string("Max Unavailable", "The maximum number of pods that may be unavailable."),
            TableColumn.integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
            TableColumn.age());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode budget, Instant now) {
        JsonNode spec = budget.path("spec");
        return List.of(Cells.name(budget), intOrString(spec.path("minAvailable")), intOrString(spec.path("maxUnavailable")),
                Cells.count(budget.path("status").path("disruptionsAllowed")), Cells.age(budget, now));
    }

    private static String intOrString(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "N/A" : value.asString("");
    }
}
