package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;

/**
 * The server-side Table a real API server gives {@code kubectl get pods} (it asks with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}), so the runbook's
 * {@code kubectl get pods -A | grep Evicted} reads against the lab as against a cluster. The STATUS column follows
 * kubectl's printer: the pod's reason (Evicted), else a waiting or terminated container's reason, else the phase.
 */
final class PodTable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PodTable() {}

    static String of(JsonNode podList, Instant now) {
        ObjectNode table = JSON.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = table.putObject("metadata").put("resourceVersion", podList.path("metadata").path("resourceVersion").asString(""));
        // kubectl asks for 500 rows at a time and follows the token to the next page
        if (podList.path("metadata").has("continue")) meta.put("continue", podList.path("metadata").path("continue").asString());
        ArrayNode columns = table.putArray("columnDefinitions");
        column(columns, "Name", "string", "name", 0);
        column(columns, "Ready", "string", "", 0);
        column(columns, "Status", "string", "", 0);
        column(columns, "Restarts", "string", "", 0);
        column(columns, "Age", "string", "", 0);
        column(columns, "IP", "string", "", 1);
        column(columns, "Node", "string", "", 1);
        ArrayNode rows = table.putArray("rows");
        for (JsonNode pod : podList.path("items")) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            JsonNode statuses = pod.path("status").path("containerStatuses");
            int ready = 0;
            int restarts = 0;
            for (JsonNode cs : statuses) {
                if (cs.path("ready").asBoolean(false)) ready++;
                restarts += cs.path("restartCount").asInt(0);
            }
            cells.add(pod.path("metadata").path("name").asString(""));
            cells.add(ready + "/" + Math.max(statuses.size(), pod.path("spec").path("containers").size()));
            cells.add(status(pod));
            cells.add(Integer.toString(restarts));
            cells.add(age(pod.path("metadata").path("creationTimestamp").asString(""), now));
            cells.add(pod.path("status").path("podIP").asString("<none>"));
            cells.add(pod.path("spec").path("nodeName").asString("<none>"));
            ObjectNode object = row.putObject("object");
            object.put("kind", "PartialObjectMetadata");
            object.put("apiVersion", "meta.k8s.io/v1");
            object.set("metadata", pod.path("metadata"));
        }
        return table.toString();
    }

    private static String status(JsonNode pod) {
        if (!pod.path("metadata").path("deletionTimestamp").isMissingNode()) return "Terminating";
        String reason = pod.path("status").path("reason").asString("");
        if (!reason.isEmpty()) return reason;
        for (JsonNode cs : pod.path("status").path("containerStatuses")) {
            String waiting = cs.path("state").path("waiting").path("reason").asString("");
            if (!waiting.isEmpty()) return waiting;
            String terminated = cs.path("state").path("terminated").path("reason").asString("");
            if (!terminated.isEmpty()) return terminated;
        }
        return pod.path("status").path("phase").asString("Unknown");
    }

    private static String age(String created, Instant now) {
        try {
            Duration d = Duration.between(Instant.parse(created), now);
            if (d.toDays() > 0) return d.toDays() + "d";
            if (d.toHours() > 0) return d.toHours() + "h";
            if (d.toMinutes() > 0) return d.toMinutes() + "m";
            return Math.max(0, d.toSeconds()) + "s";
        } catch (RuntimeException e) {
            return "<unknown>";
        }
    }

    private static void column(ArrayNode columns, String name, String type, String format, int priority) {
        ObjectNode c = columns.addObject();
        c.put("name", name);
        c.put("type", type);
        c.put("format", format);
        c.put("description", name);
        c.put("priority", priority);
    }
}
