package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * {@code kubectl get daemonsets}: DESIRED, CURRENT, READY, UP-TO-DATE, AVAILABLE, NODE SELECTOR, AGE; wide:
 * CONTAINERS, IMAGES, SELECTOR.
 */
final class DaemonSetTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(
            TableColumn.objectName(),
            TableColumn.integer("Desired", "The total number of nodes that should be running the daemon pod."),
            TableColumn.integer("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
            TableColumn.integer("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
            TableColumn.integer("Up-to-date", "The total number of nodes that are running updated daemon pod"),
            TableColumn.integer("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available."),
            TableColumn.string("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node."),
            TableColumn.age(),
            TableColumn.containers(),
            TableColumn.images(),
            TableColumn.string("Selector", "A label query over pods that are managed by the daemon set.").wide());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode daemonSet, Instant now) {
        JsonNode status = daemonSet.path("status");
        JsonNode template = daemonSet.path("spec").path("template").path("spec");
        return List.of(Cells.name(daemonSet), Cells.count(status.path("desiredNumberScheduled")),
                Cells.count(status.path("currentNumberScheduled")), Cells.count(status.path("numberReady")),
                Cells.count(status.path("updatedNumberScheduled")), Cells.count(status.path("numberAvailable")),
                Cells.labels(template.path("nodeSelector")), Cells.age(daemonSet, now), Cells.containerNames(template),
                Cells.containerImages(template), Cells.selectorOrNone(daemonSet.path("spec").path("selector")));
    }
}
