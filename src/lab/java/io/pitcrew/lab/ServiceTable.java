package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code kubectl get svc}: TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), AGE; wide: SELECTOR (printService). A
 * LoadBalancer without an ingress in its status shows EXTERNAL-IP {@code <pending>}: the runbook's sign that the NLB
 * was never made. The server prints the load balancer's name whole (kubectl cuts it at 16 characters only when it
 * prints a table itself).
 */
final class ServiceTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(
            TableColumn.objectName(),
            TableColumn.string("Type", "type determines how the Service is exposed."),
            TableColumn.string("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly."),
            TableColumn.string("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
            TableColumn.string("Port(s)", "The list of ports that are exposed by this service."),
            TableColumn.age(),
            TableColumn.string("Selector", "Route service traffic to pods with label keys and values matching this selector.").wide());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode service, Instant now) {
        JsonNode spec = service.path("spec");
        String type = spec.path("type").asString("ClusterIP");
        // a stored Service always has clusterIPs; the lab's seeds may name only clusterIP
        String clusterIp = spec.path("clusterIPs").path(0).asString(spec.path("clusterIP").asString(""));
        List<String> ports = new ArrayList<>();
        for (JsonNode p : spec.path("ports")) {
            String protocol = p.path("protocol").asString("TCP");
            int nodePort = p.path("nodePort").asInt(0);
            ports.add(nodePort > 0 ? p.path("port").asInt() + ":" + nodePort + "/" + protocol : p.path("port").asInt() + "/" + protocol);
        }
        return List.of(Cells.name(service), type, clusterIp.isEmpty() ? "<none>" : clusterIp, externalIp(service, type),
                ports.isEmpty() ? "<none>" : String.join(",", ports), Cells.age(service, now), Cells.labels(spec.path("selector")));
    }

    private static String externalIp(JsonNode service, String type) {
        List<String> external = new ArrayList<>();
        service.path("spec").path("externalIPs").forEach(ip -> external.add(ip.asString("")));
        switch (type) {
            case "ClusterIP", "NodePort" -> {
                return external.isEmpty() ? "<none>" : String.join(",", external);
            }
            case "LoadBalancer" -> {
                TreeSet<String> ingress = new TreeSet<>();
                for (JsonNode i : service.path("status").path("loadBalancer").path("ingress")) {
                    String ip = i.path("ip").asString("");
                    ingress.add(ip.isEmpty() ? i.path("hostname").asString("") : ip);
                }
                ingress.remove("");
                List<String> all = new ArrayList<>(ingress);
                all.addAll(external);
                return all.isEmpty() ? "<pending>" : String.join(",", all);
            }
            case "ExternalName" -> {
                return service.path("spec").path("externalName").asString("");
            }
            default -> {
                return "<unknown>";
            }
        }
    }
}
