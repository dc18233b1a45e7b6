package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code kubectl get nodes}: STATUS (Ready, NotReady, Unknown, and SchedulingDisabled when cordoned), ROLES, AGE,
 * VERSION; wide: INTERNAL-IP, EXTERNAL-IP, OS-IMAGE, KERNEL-VERSION, CONTAINER-RUNTIME (printNode). Pressure
 * conditions are not in STATUS on a real cluster either: {@code kubectl describe node} shows them.
 */
final class NodeTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(
            TableColumn.objectName(),
            TableColumn.string("Status", "The status of the node"),
            TableColumn.string("Roles", "The roles of the node"),
            TableColumn.age(),
            TableColumn.string("Version", "Kubelet Version reported by the node."),
            TableColumn.string("Internal-IP", "List of addresses reachable to the node.").wide(),
            TableColumn.string("External-IP", "List of addresses reachable to the node.").wide(),
            TableColumn.string("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).").wide(),
            TableColumn.string("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).").wide(),
            TableColumn.string("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).").wide());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode node, Instant now) {
        List<String> status = new ArrayList<>();
        for (JsonNode c : node.path("status").path("conditions")) {
            if (c.path("type").asString("").equals("Ready")) {
                status.add(c.path("status").asString("").equals("True") ? "Ready" : "NotReady");
            }
        }
        if (status.isEmpty()) status.add("Unknown");
        if (node.path("spec").path("unschedulable").asBoolean(false)) status.add("SchedulingDisabled");
        TreeSet<String> roles = new TreeSet<>();
        node.path("metadata").path("labels").properties().forEach(e -> {
            if (e.getKey().startsWith("node-role.kubernetes.io/") && e.getKey().length() > "node-role.kubernetes.io/".length()) {
                roles.add(e.getKey().substring("node-role.kubernetes.io/".length()));
            } else if (e.getKey().equals("kubernetes.io/role") && !e.getValue().asString("").isEmpty()) {
                roles.add(e.getValue().asString());
            }
        });
        JsonNode info = node.path("status").path("nodeInfo");
        List<Object> cells = new ArrayList<>();
        cells.add(Cells.name(node));
        cells.add(String.join(",", status));
        cells.add(roles.isEmpty() ? "<none>" : String.join(",", roles));
        cells.add(Cells.age(node, now));
        cells.add(info.path("kubeletVersion").asString(""));
        cells.add(address(node, "InternalIP"));
        cells.add(address(node, "ExternalIP"));
        cells.add(orUnknown(info.path("osImage").asString("")));
        cells.add(orUnknown(info.path("kernelVersion").asString("")));
        cells.add(orUnknown(info.path("containerRuntimeVersion").asString("")));
        return cells;
    }

    private static String address(JsonNode node, String type) {
        for (JsonNode a : node.path("status").path("addresses")) {
            if (a.path("type").asString("").equals(type)) return a.path("address").asString("");
        }
        return "<none>";
    }

    private static String orUnknown(String s) {
        return s.isEmpty() ? "<unknown>" : s;
    }
}
