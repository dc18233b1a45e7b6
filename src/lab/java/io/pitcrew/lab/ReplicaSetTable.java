package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** {@code kubectl get replicasets}: DESIRED, CURRENT, READY, AGE; wide: CONTAINERS, IMAGES, SELECTOR. */
final class ReplicaSetTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(
            TableColumn.objectName(),
            TableColumn.integer("Desired", "Replicas is the number of desired replicas."),
            TableColumn.integer("Current", "Replicas is the most recently observed number of replicas."),
            TableColumn.integer("Ready", "The number of ready replicas for this replica set."),
            TableColumn.age(),
            TableColumn.containers(),
            TableColumn.images(),
            TableColumn.string("Selector", "Selector is a label query over pods that should match the replica count.").wide());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode replicaSet, Instant now) {
        JsonNode spec = replicaSet.path("spec");
        JsonNode status = replicaSet.path("status");
        JsonNode template = spec.path("template").path("spec");
        return List.of(Cells.name(replicaSet), spec.path("replicas").asLong(1), Cells.count(status.path("replicas")),
                Cells.count(status.path("readyReplicas")), Cells.age(replicaSet, now), Cells.containerNames(template),
                Cells.containerImages(template), Cells.selectorOrNone(spec.path("selector")));
    }
}
