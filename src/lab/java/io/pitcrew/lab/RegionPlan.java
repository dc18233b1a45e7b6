package io.pitcrew.lab;

import io.pitcrew.config.Region;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one region of the healthy platform consists of: names, placements and sizes, without times. The
 * objects are made from it (again on reset) and scenarios pick their victims from it.
 */
record RegionPlan(Region region, List<NodePlan> nodes, List<WorkspacePlan> workspaces, List<ComponentPlan> components) {

    /** An EC2 node of the default NodePool; usage is what metrics-server reports, in percent of allocatable. */
    record NodePlan(String name, String zone, String instanceId, String claim, int cpuPercent, int memoryPercent,
                    boolean justJoined) {}

    /** A workspace pod and its owner. */
    record WorkspacePlan(String pod, String workspaceId, String workspaceName, String userId, String username,
                         String node, int cpu, int memoryGi) {}

    /** A Deployment of the platform (coder, a provisioner pool, LiteLLM, Karpenter, a kube-system add-on) and its pods. */
    record ComponentPlan(String namespace, String deployment, Map<String, String> labels, String container,
                         String image, String cpu, String memory, List<String> pods, List<String> podNodes) {}

    Optional<ComponentPlan> component(String deployment) {
        return components.stream().filter(c -> c.deployment().equals(deployment)).findFirst();
    }

    List<WorkspacePlan> workspacesOn(String node) {
        return workspaces.stream().filter(w -> w.node().equals(node)).toList();
    }
}
