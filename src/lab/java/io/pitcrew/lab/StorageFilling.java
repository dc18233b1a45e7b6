package io.pitcrew.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A fault that grows, so a drill rehearses noticing its onset: one workspace in us-west-2 (a template without a size
 * limit on its emptyDir) fills its node's disk. First only the kubelet's complaints show, then the node comes under
 * disk pressure, then workspaces are evicted — the {@code storage-exhaustion} scenario. Deleting the runaway
 * workspace stops it.
 */
final class StorageFilling {

    private StorageFilling() {}

    static List<Scenario.Overlay> stages() {
        return List.of(StorageFilling::onset, StorageFilling::pressure, Scenarios::storageExhaustion);
    }

    /** The runaway workspace, and the kubelet failing to free space on its node: visible to whoever reads the events. */
    static List<Change> onset(Topology t, Instant now) {
        RegionPlan plan = t.region(Scenarios.OREGON);
        RegionPlan.NodePlan node = plan.nodes().getFirst();
        RegionPlan.WorkspacePlan runaway = plan.workspacesOn(node.name()).getFirst();
        return List.of(
                new Change.Put(Scenarios.OREGON, Workspaces.running(runaway, now.minus(Duration.ofHours(3)), null)),
                new Change.Put(Scenarios.OREGON, ClusterEvents.node(node.name(), "Warning", "FreeDiskSpaceFailed",
                        "Failed to garbage collect required amount of images. Attempted to free 4718592000 bytes, but only found 0 bytes eligible to free.",
                        "kubelet", now)));
    }

    /** The node under disk pressure, tainted so nothing new lands on it. */
    static List<Change> pressure(Topology t, Instant now) {
        RegionPlan.NodePlan node = t.region(Scenarios.OREGON).nodes().getFirst();
        List<Change> out = new ArrayList<>();
        out.add(new Change.Put(Scenarios.OREGON, Fleet.underDiskPressure(Scenarios.OREGON, node, now, now)));
        out.add(new Change.Put(Scenarios.OREGON, ClusterEvents.node(node.name(), "Warning", "EvictionThresholdMet",
                "Attempting to reclaim ephemeral-storage", "kubelet", now)));
        return out;
    }
}
