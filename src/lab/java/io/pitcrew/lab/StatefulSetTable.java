package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** {@code kubectl get statefulsets}: READY (ready/desired), AGE; wide: CONTAINERS, IMAGES. */
final class StatefulSetTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(
            TableColumn.objectName(),
            TableColumn.string("Ready", "Number of the pod with ready state"),
            TableColumn.age(),
            TableColumn.containers(),
            TableColumn.images());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode statefulSet, Instant now) {
        JsonNode template = statefulSet.path("spec").path("template").path("spec");
        return List.of(Cells.name(statefulSet),
                statefulSet.path("status").path("readyReplicas").asLong(0) + "/" + statefulSet.path("spec").path("replicas").asLong(1),
                Cells.age(statefulSet, now), Cells.containerNames(template), Cells.containerImages(template));
    }
}
