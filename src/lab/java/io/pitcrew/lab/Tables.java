package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The server-side Tables of the lab's API servers: what kube-apiserver answers {@code kubectl get} (it asks with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}), kind by kind, so the runbook's
 * {@code kubectl get pods -A | grep Evicted} and {@code kubectl get secrets -A | grep docker} read against the lab as
 * against a cluster. One printer per kind, all of them in {@link #ALL}.
 */
final class Tables {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every resource the lab prints; one not here keeps the lab's plain JSON (kubectl then prints NAME and AGE). */
    static final List<Printed> ALL = List.of(
            new Printed("v1", "pods", new PodTable()),
            new Printed("v1", "nodes", new NodeTable()),
            new Printed("v1", "events", new EventTable()),
            new Printed("v1", "namespaces", new NamespaceTable()),
            new Printed("v1", "services", new ServiceTable()),
            new Printed("v1", "configmaps", new ConfigMapTable()),
            new Printed("v1", "secrets", new SecretTable()),
            new Printed("v1", "serviceaccounts", new ServiceAccountTable()),
            new Printed("apps/v1", "deployments", new DeploymentTable()),
            new Printed("apps/v1", "replicasets", new ReplicaSetTable()),
            new Printed("apps/v1", "statefulsets", new StatefulSetTable()),
            new Printed("apps/v1", "daemonsets", new DaemonSetTable()),
            new Printed("batch/v1", "jobs", new JobTable()),
            new Printed("discovery.k8s.io/v1", "endpointslices", new EndpointSliceTable()),
            new Printed("policy/v1", "poddisruptionbudgets", new PodDisruptionBudgetTable()),
            new Printed("networking.k8s.io/v1", "networkpolicies", new NetworkPolicyTable()),
            new Printed("networking.k8s.io/v1", "ingresses", new IngressTable()),
            new Printed("rbac.authorization.k8s.io/v1", "rolebindings", new RoleBindingTable()),
            new Printed("rbac.authorization.k8s.io/v1", "clusterrolebindings", new RoleBindingTable()),
            // kube-apiserver has no printer for roles: its default table is NAME and CREATED AT
            new Printed("rbac.authorization.k8s.io/v1", "roles", new CreatedAtTable()),
            new Printed("rbac.authorization.k8s.io/v1", "clusterroles", new CreatedAtTable()),
            new Printed("karpenter.sh/v1", "nodepools", CustomResourceTable.NODE_POOLS),
            new Printed("karpenter.sh/v1", "nodeclaims", CustomResourceTable.NODE_CLAIMS),
            new Printed("karpenter.k8s.aws/v1", "ec2nodeclasses", CustomResourceTable.EC2_NODE_CLASSES),
            new Printed("monitoring.coreos.com/v1", "servicemonitors", CustomResourceTable.SERVICE_MONITORS));

    /** A resource ({@code groupVersion}, {@code plural}: "apps/v1", "deployments") and its printer. */
    record Printed(String groupVersion, String plural, KindTable table) {}

    private Tables() {}

    static Optional<KindTable> of(String groupVersion, String plural) {
        return ALL.stream().filter(p -> p.groupVersion().equals(groupVersion) && p.plural().equals(plural))
                .map(Printed::table).findFirst();
    }

    /** Whether a request asked for a Table (kubectl get does; client libraries and -o json|yaml do not). */
    static boolean asked(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    /**
     * The Table of a list (its page's continue token and remaining count kept) or of one object. {@code includeObject}
     * is the request's: "None", "Object", or the default "Metadata" (a PartialObjectMetadata per row, which is where
     * kubectl finds the NAMESPACE of {@code -A} and the labels of {@code -L}).
     */
    static String render(KindTable kind, JsonNode listOrObject, String includeObject, Instant now) {
        ObjectNode table = JSON.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        JsonNode sourceMeta = listOrObject.path("metadata");
        ObjectNode meta = table.putObject("metadata");
        meta.put("resourceVersion", sourceMeta.path("resourceVersion").asString(""));
        if (sourceMeta.has("continue")) meta.put("continue", sourceMeta.path("continue").asString());
        if (sourceMeta.has("remainingItemCount")) meta.put("remainingItemCount", sourceMeta.path("remainingItemCount").asLong());
        ArrayNode columns = table.putArray("columnDefinitions");
        for (TableColumn c : kind.columns()) {
            columns.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
                    .put("description", c.description()).put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        boolean list = listOrObject.has("items");
        for (JsonNode object : list ? listOrObject.path("items") : List.of(listOrObject)) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Object cell : kind.cells(object, now)) {
                switch (cell) {
                    case null -> cells.addNull();
                    case String s -> cells.add(s);
                    case Long n -> cells.add(n);
                    case Integer n -> cells.add(n);
                    case Boolean b -> cells.add(b);
                    default -> cells.add(cell.toString());
                }
            }
            switch (includeObject == null ? "Metadata" : includeObject) {
                case "None" -> { }
                case "Object" -> row.set("object", object);
                default -> {
                    ObjectNode partial = row.putObject("object");
                    partial.put("kind", "PartialObjectMetadata");
                    partial.put("apiVersion", "meta.k8s.io/v1");
                    partial.set("metadata", object.path("metadata"));
                }
            }
        }
        return table.toString();
    }
}
