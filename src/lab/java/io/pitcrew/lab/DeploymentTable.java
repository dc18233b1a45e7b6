package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * {@code kubectl get deployments}: READY (ready/desired), UP-TO-DATE, AVAILABLE, AGE; wide: CONTAINERS, IMAGES,
 * SELECTOR (printDeployment). The runbook reads the provisioners' count here ({@code -l app=coder-provisioner -o wide}).
 */
final class DeploymentTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(
            TableColumn.objectName(),
            TableColumn.string("Ready", "Number of the pod with ready state"),
            TableColumn.string("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
            TableColumn.string("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
            TableColumn.age(),
            TableColumn.containers(),
            TableColumn.images(),
            TableColumn.string("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will "
                    + "be the ones affected by this deployment.").wide());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode deployment, Instant now) {
        JsonNode spec = deployment.path("spec");
        JsonNode status = deployment.path("status");
        JsonNode template = spec.path("template").path("spec");
        return List.of(Cells.name(deployment),
                status.path("readyReplicas").asLong(0) + "/" + spec.path("replicas").asLong(1),
                Cells.count(status.path("updatedReplicas")), Cells.count(status.path("availableReplicas")),
                Cells.age(deployment, now), Cells.containerNames(template), Cells.containerImages(template),
                Cells.selector(spec.path("selector")));
    }
}
