package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kubectl get pods}: READY, STATUS, RESTARTS, AGE (wide: IP, NODE, NOMINATED NODE, READINESS GATES), as
 * printPod computes them. STATUS is what the runbook greps for: the pod's reason (Evicted), else a waiting or
 * terminated container's reason (ImagePullBackOff, CrashLoopBackOff, OOMKilled), else the phase; RESTARTS says when
 * the last one was, "5 (2m ago)".
 */
final class PodTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(
            TableColumn.objectName(),
            TableColumn.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            TableColumn.string("Status", "The aggregate status of the containers in this pod."),
            TableColumn.string("Restarts", "The number of times the containers in this pod have been restarted and when "
                    + "the last container in this pod has restarted."),
            TableColumn.age(),
            TableColumn.string("IP", "podIP address allocated to the pod.").wide(),
            TableColumn.string("Node", "NodeName indicates in which node this pod is scheduled.").wide(),
            TableColumn.string("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node.").wide(),
            TableColumn.string("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness.").wide());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode pod, Instant now) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        String phase = status.path("phase").asString("");
        String reason = status.path("reason").asString(phase);
        if (reason.isEmpty()) reason = phase;
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asString("").equals("PodScheduled") && c.path("reason").asString("").equals("SchedulingGated")) {
                reason = "SchedulingGated";
            }
        }
        int total = spec.path("containers").size();
        Map<String, Boolean> restartableInit = new HashMap<>();
        for (JsonNode init : spec.path("initContainers")) {
            boolean sidecar = init.path("restartPolicy").asString("").equals("Always");
            restartableInit.put(init.path("name").asString(""), sidecar);
            if (sidecar) total++;
        }
        int ready = 0;
        int restarts = 0;
        int sidecarRestarts = 0;
        Instant lastRestart = null;
        Instant lastSidecarRestart = null;
        boolean initializing = false;
        JsonNode initStatuses = status.path("initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode c = initStatuses.get(i);
            restarts += c.path("restartCount").asInt(0);
            lastRestart = later(lastRestart, c.path("lastState").path("terminated").path("finishedAt"));
            boolean sidecar = restartableInit.getOrDefault(c.path("name").asString(""), false);
            if (sidecar) {
                sidecarRestarts += c.path("restartCount").asInt(0);
                lastSidecarRestart = later(lastSidecarRestart, c.path("lastState").path("terminated").path("finishedAt"));
            }
            JsonNode terminated = c.path("state").path("terminated");
            JsonNode waiting = c.path("state").path("waiting");
            if (!terminated.isMissingNode() && terminated.path("exitCode").asInt(0) == 0) continue;
            if (sidecar && c.path("started").asBoolean(false)) {
                if (c.path("ready").asBoolean(false)) ready++;
                continue;
            }
            if (!terminated.isMissingNode()) {
                String r = terminated.path("reason").asString("");
                if (!r.isEmpty()) reason = "Init:" + r;
                else if (terminated.path("signal").asInt(0) != 0) reason = "Init:Signal:" + terminated.path("signal").asInt();
                else reason = "Init:ExitCode:" + terminated.path("exitCode").asInt();
            } else if (!waiting.path("reason").asString("").isEmpty() && !waiting.path("reason").asString("").equals("PodInitializing")) {
                reason = "Init:" + waiting.path("reason").asString();
            } else {
                reason = "Init:" + i + "/" + spec.path("initContainers").size();
            }
            initializing = true;
            break;
        }
        if (!initializing || conditionTrue(status, "Initialized")) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean running = false;
            JsonNode statuses = status.path("containerStatuses");
            // from the last container to the first, so the first container's reason is the one shown
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode c = statuses.get(i);
                restarts += c.path("restartCount").asInt(0);
                lastRestart = later(lastRestart, c.path("lastState").path("terminated").path("finishedAt"));
                JsonNode waiting = c.path("state").path("waiting");
                JsonNode terminated = c.path("state").path("terminated");
                if (!waiting.path("reason").asString("").isEmpty()) {
                    reason = waiting.path("reason").asString();
                } else if (!terminated.path("reason").asString("").isEmpty()) {
                    reason = terminated.path("reason").asString();
                } else if (!terminated.isMissingNode()) {
                    reason = terminated.path("signal").asInt(0) != 0 ? "Signal:" + terminated.path("signal").asInt()
                            : "ExitCode:" + terminated.path("exitCode").asInt(0);
                } else if (c.path("ready").asBoolean(false) && c.path("state").has("running")) {
                    running = true;
                    ready++;
                }
            }
            if (reason.equals("Completed") && running) reason = conditionTrue(status, "Ready") ? "Running" : "NotReady";
        }
        boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
        if (pod.path("metadata").has("deletionTimestamp")) {
            if (status.path("reason").asString("").equals("NodeLost")) reason = "Unknown";
            else if (!terminal) reason = "Terminating";
        }
        String restartCell = Integer.toString(restarts);
        if (restarts != 0 && lastRestart != null) {
            restartCell = restarts + " (" + HumanDuration.of(Duration.between(lastRestart, now)) + " ago)";
        }
        List<Object> cells = new ArrayList<>();
        cells.add(Cells.name(pod));
        cells.add(ready + "/" + total);
        cells.add(reason);
        cells.add(restartCell);
        cells.add(Cells.age(pod, now));
        cells.add(orNone(ip(status)));
        cells.add(orNone(spec.path("nodeName").asString("")));
        cells.add(orNone(status.path("nominatedNodeName").asString("")));
        cells.add(readinessGates(spec, status));
        return cells;
    }

    /** The v1 to internal conversion makes podIP the first of podIPs when they differ or podIPs is empty. */
    private static String ip(JsonNode status) {
        String podIp = status.path("podIP").asString("");
        if (!podIp.isEmpty()) return podIp;
        return status.path("podIPs").path(0).path("ip").asString("");
    }

    private static String readinessGates(JsonNode spec, JsonNode status) {
        JsonNode gates = spec.path("readinessGates");
        if (gates.isEmpty()) return "<none>";
        int met = 0;
        for (JsonNode gate : gates) {
            if (conditionTrue(status, gate.path("conditionType").asString(""))) met++;
        }
        return met + "/" + gates.size();
    }

    private static boolean conditionTrue(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asString("").equals(type)) return c.path("status").asString("").equals("True");
        }
        return false;
    }

    private static Instant later(Instant current, JsonNode timestamp) {
        if (timestamp.isMissingNode() || timestamp.asString("").isEmpty()) return current;
        Instant t = Instant.parse(timestamp.asString());
        return current == null || t.isAfter(current) ? t : current;
    }

    private static String orNone(String s) {
        return s.isEmpty() ? "<none>" : s;
    }
}
