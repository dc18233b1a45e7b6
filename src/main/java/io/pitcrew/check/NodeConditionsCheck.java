package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.pitcrew.observe.RegionSnapshot;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** Runbook §1 "kubectl get nodes -o wide": nodes the kubelet reports under disk, memory or pid pressure. */
public final class NodeConditionsCheck implements Check {

    public static final String DISK = "node-disk-pressure";
    public static final String MEMORY = "node-memory-pressure";

    private static final CheckHeader HEADER = new CheckHeader("node-conditions", List.of(DISK, MEMORY),
            EnumSet.of(Input.NODES));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        EvidenceTally disk = new EvidenceTally();
        EvidenceTally memory = new EvidenceTally();
        for (Node node : region.nodes()) {
            if (node.getStatus() == null || node.getStatus().getConditions() == null) continue;
            List<String> memoryConditions = new ArrayList<>();
            for (NodeCondition c : node.getStatus().getConditions()) {
                // Only True is pressure: a node that just joined reports Unknown or False until the kubelet syncs.
                if (!"True".equals(c.getStatus())) continue;
                if ("DiskPressure".equals(c.getType())) {
                    disk.add(new Evidence(r, "Node", "", node.getMetadata().getName(), describe(c)));
                } else if ("MemoryPressure".equals(c.getType()) || "PIDPressure".equals(c.getType())) {
                    memoryConditions.add(describe(c));
                }
            }
            // One evidence per node even when it has both memory and pid pressure: affected counts nodes.
            if (!memoryConditions.isEmpty()) {
                memory.add(new Evidence(r, "Node", "", node.getMetadata().getName(),
                        String.join("; ", memoryConditions)));
            }
        }
        List<Signal> out = new ArrayList<>();
        disk.emit(out, DISK, r, EvidenceTally.count(disk.affected(), "node") + " under disk pressure");
        memory.emit(out, MEMORY, r, EvidenceTally.count(memory.affected(), "node") + " under memory or pid pressure");
        return out;
    }

    /** "DiskPressure=True KubeletHasDiskPressure: kubelet has disk pressure". */
    private static String describe(NodeCondition c) {
        StringBuilder b = new StringBuilder(c.getType()).append("=True");
        if (c.getReason() != null) b.append(' ').append(c.getReason());
        if (c.getMessage() != null && !c.getMessage().isEmpty()) b.append(": ").append(c.getMessage());
        return b.toString();
    }
}
