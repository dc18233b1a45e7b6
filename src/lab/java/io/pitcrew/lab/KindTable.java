package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * How kube-apiserver prints one kind for {@code kubectl get} (Kubernetes' pkg/printers/internalversion, or a CRD's
 * additionalPrinterColumns): its columns, and one object's cells. The server always sends the wide cells too.
 * Registered, with the resource it prints, in {@link Tables#ALL}.
 */
interface KindTable {

    List<TableColumn> columns();

    /**
     * One object's cells, one per column in order: a String, a Long (integer columns), a Boolean, or null (kubectl
     * prints {@code <none>}).
     */
    List<Object> cells(JsonNode object, Instant now);
}
