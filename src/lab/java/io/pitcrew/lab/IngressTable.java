package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** {@code kubectl get ingress}: CLASS, HOSTS, ADDRESS, PORTS, AGE (printIngress). */
final class IngressTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(
            TableColumn.objectName(),
            TableColumn.string("Class", "The name of the IngressClass resource that should be used for additional configuration"),
            TableColumn.string("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
            TableColumn.string("Address", "Address is a list containing ingress points for the load-balancer"),
            TableColumn.string("Ports", "Ports of TLS configurations that open"),
            TableColumn.age());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode ingress, Instant now) {
        JsonNode spec = ingress.path("spec");
        List<String> hosts = new ArrayList<>();
        JsonNode rules = spec.path("rules");
        for (JsonNode rule : rules) {
            if (hosts.size() == 3) break;
            if (!rule.path("host").asString("").isEmpty()) hosts.add(rule.path("host").asString());
        }
        String hostCell = hosts.isEmpty() ? "*" : String.join(",", hosts);
        if (rules.size() > 3 && hosts.size() == 3) hostCell += " + " + (rules.size() - 3) + " more...";
        TreeSet<String> addresses = new TreeSet<>();
        for (JsonNode i : ingress.path("status").path("loadBalancer").path("ingress")) {
            String ip = i.path("ip").asString("");
            addresses.add(ip.isEmpty() ? i.path("hostname").asString("") : ip);
        }
        addresses.remove("");
        return List.of(Cells.name(ingress), spec.path("ingressClassName").asString("<none>"), hostCell,
                String.join(",", addresses), spec.path("tls").isEmpty() ? "80" : "80, 443", Cells.age(ingress, now));
    }
}
