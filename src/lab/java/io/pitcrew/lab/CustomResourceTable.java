package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A custom resource's table as the apiextensions server prints it: NAME, then the CRD's additionalPrinterColumns
 * (a JSONPath each; a date becomes an age; nothing found is {@code <none>}), or AGE alone when the CRD has none.
 * The columns are copied from the CRDs a cluster runs (Karpenter's and the AWS provider's v1).
 */
record CustomResourceTable(List<PrinterColumn> printerColumns) implements KindTable {

    /** karpenter.sh_nodepools.yaml: {@code kubectl get nodepool} reads NODECLASS, NODES, READY, AGE. */
    static final CustomResourceTable NODE_POOLS = new CustomResourceTable(List.of(
            PrinterColumn.of("NodeClass", "string", ".spec.template.spec.nodeClassRef.name"),
            PrinterColumn.of("Nodes", "string", ".status.nodes"),
            PrinterColumn.of("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
            PrinterColumn.of("Age", "date", ".metadata.creationTimestamp"),
            PrinterColumn.of("Weight", "integer", ".spec.weight").wide(),
            PrinterColumn.of("CPU", "string", ".status.resources.cpu").wide(),
            PrinterColumn.of("Memory", "string", ".status.resources.memory").wide()));

    /** karpenter.sh_nodeclaims.yaml: TYPE, CAPACITY, ZONE, NODE, READY, AGE. */
    static final CustomResourceTable NODE_CLAIMS = new CustomResourceTable(List.of(
            PrinterColumn.of("Type", "string", ".metadata.labels.node\\.kubernetes\\.io/instance-type"),
            PrinterColumn.of("Capacity", "string", ".metadata.labels.karpenter\\.sh/capacity-type"),
            PrinterColumn.of("Zone", "string", ".metadata.labels.topology\\.kubernetes\\.io/zone"),
            PrinterColumn.of("Node", "string", ".status.nodeName"),
            PrinterColumn.of("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
            PrinterColumn.of("Age", "date", ".metadata.creationTimestamp"),
            PrinterColumn.of("ImageID", "string", ".status.imageID").wide(),
            PrinterColumn.of("ID", "string", ".status.providerID").wide(),
            PrinterColumn.of("NodePool", "string", ".metadata.labels.karpenter\\.sh/nodepool").wide(),
            PrinterColumn.of("NodeClass", "string", ".spec.nodeClassRef.name").wide(),
            PrinterColumn.of("Drifted", "string", ".status.conditions[?(@.type==\"Drifted\")].status").wide()));

    /** karpenter.k8s.aws_ec2nodeclasses.yaml: READY, AGE; wide: ROLE. */
    static final CustomResourceTable EC2_NODE_CLASSES = new CustomResourceTable(List.of(
            PrinterColumn.of("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
            PrinterColumn.of("Age", "date", ".metadata.creationTimestamp"),
            PrinterColumn.of("Role", "string", ".spec.role").wide()));

    /** The Prometheus operator's CRD declares no columns: the server's default, AGE. */
    static final CustomResourceTable SERVICE_MONITORS = new CustomResourceTable(List.of(
            new PrinterColumn("Age", "date", ".metadata.creationTimestamp", 0, TableColumn.age().description())));

    @Override
    public List<TableColumn> columns() {
        List<TableColumn> columns = new ArrayList<>(List.of(TableColumn.objectName()));
        for (PrinterColumn c : printerColumns) columns.add(new TableColumn(c.name(), c.type(), "", c.description(), c.priority()));
        return columns;
    }

    @Override
    public List<Object> cells(JsonNode object, Instant now) {
        List<Object> cells = new ArrayList<>();
        cells.add(Cells.name(object));
        for (PrinterColumn c : printerColumns) cells.add(c.cell(object, now));
        return cells;
    }

    /** One additionalPrinterColumn: its JSONPath is the simple kind CRDs allow (fields, escaped dots, one filter). */
    record PrinterColumn(String name, String type, String jsonPath, int priority, String description) {

        static PrinterColumn of(String name, String type, String jsonPath) {
            return new PrinterColumn(name, type, jsonPath, 0, "");
        }

        PrinterColumn wide() {
            return new PrinterColumn(name, type, jsonPath, 1, description);
        }

        /** The cell as cellForJSONValue makes it: the first value found, typed by the column; null when none. */
        Object cell(JsonNode object, Instant now) {
            JsonNode value = find(object);
            if (value == null || value.isNull()) return null;
            return switch (type) {
                case "integer" -> value.isNumber() ? value.asLong() : null;
                case "number" -> value.isNumber() ? value.asDouble() : null;
                case "boolean" -> value.isBoolean() ? value.asBoolean() : null;
                case "date" -> value.isString() ? HumanDuration.since(value.asString(), now) : null;
                default -> value.isValueNode() ? value.asString("") : value.toString();
            };
        }

        private JsonNode find(JsonNode object) {
            List<JsonNode> current = List.of(object);
            for (String segment : segments()) {
                List<JsonNode> next = new ArrayList<>();
                if (segment.startsWith("[?(@.")) {
                    // [?(@.type=="Ready")]: the array's elements whose field equals the value
                    String filter = segment.substring("[?(@.".length(), segment.length() - 2);
                    String field = filter.substring(0, filter.indexOf("=="));
                    String wanted = filter.substring(filter.indexOf("==") + 2).replace("\"", "").replace("'", "");
                    for (JsonNode node : current) {
                        for (JsonNode element : node) {
                            if (element.path(field).asString("").equals(wanted)) next.add(element);
                        }
                    }
                } else {
                    for (JsonNode node : current) {
                        if (node.has(segment)) next.add(node.get(segment));
                    }
                }
                current = next;
            }
            return current.isEmpty() ? null : current.getFirst();
        }

        /** ".a.b\.c[?(@.t=="x")].d" → a, b.c, [?(@.t=="x")], d. */
        private List<String> segments() {
            List<String> out = new ArrayList<>();
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < jsonPath.length(); i++) {
                char ch = jsonPath.charAt(i);
                if (ch == '\\' && i + 1 < jsonPath.length()) {
                    s.append(jsonPath.charAt(++i));
                } else if (ch == '.') {
                    if (!s.isEmpty()) out.add(s.toString());
                    s.setLength(0);
                } else if (ch == '[') {
                    if (!s.isEmpty()) out.add(s.toString());
                    int end = jsonPath.indexOf(']', i);
                    out.add(jsonPath.substring(i, end + 1));
                    s.setLength(0);
                    i = end;
                } else {
                    s.append(ch);
                }
            }
            if (!s.isEmpty()) out.add(s.toString());
            return out;
        }
    }
}
