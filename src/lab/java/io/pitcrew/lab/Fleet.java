package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The nodes of a region as Kubernetes, metrics-server and Karpenter show them: m6i.4xlarge EC2 instances. */
final class Fleet {

    static final String INSTANCE_TYPE = "m6i.4xlarge";
    static final int CPU_CAPACITY = 16;
    static final long CPU_ALLOCATABLE_MILLIS = 15_800;
    static final long MEMORY_CAPACITY_KI = 65_023_716;
    static final long MEMORY_ALLOCATABLE_KI = 62_334_996;
    static final int PODS = 110;

    private Fleet() {}

    static Node node(String region, RegionPlan.NodePlan n, Instant now) {
        Instant born = n.justJoined() ? now.minus(Duration.ofMinutes(6)) : now.minus(Duration.ofDays(3));
        return node(region, n, now, List.of(
                condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", born, now),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", born, now),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", born, now),
                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", born, now)));
    }

    static Node node(String region, RegionPlan.NodePlan n, Instant now, List<NodeCondition> conditions) {
        Instant born = n.justJoined() ? now.minus(Duration.ofMinutes(6)) : now.minus(Duration.ofDays(3));
        String ip = n.name().substring(3, n.name().indexOf('.')).replace('-', '.');
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("karpenter.sh/nodepool", "default");
        labels.put("karpenter.sh/capacity-type", "on-demand");
        labels.put("node.kubernetes.io/instance-type", INSTANCE_TYPE);
        labels.put("topology.kubernetes.io/region", region);
        labels.put("topology.kubernetes.io/zone", n.zone());
        labels.put("kubernetes.io/hostname", n.name());
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        return new NodeBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(n.name()).withLabels(labels)
                        .withCreationTimestamp(born.toString()).build())
                .withNewSpec().withProviderID("aws:///" + n.zone() + "/" + n.instanceId()).endSpec()
                .withNewStatus()
                .withCapacity(Map.of("cpu", new Quantity(Integer.toString(CPU_CAPACITY)),
                        "memory", new Quantity(MEMORY_CAPACITY_KI + "Ki"), "pods", new Quantity(Integer.toString(PODS)),
                        "ephemeral-storage", new Quantity("104845292Ki")))
                .withAllocatable(Map.of("cpu", new Quantity(CPU_ALLOCATABLE_MILLIS + "m"),
                        "memory", new Quantity(MEMORY_ALLOCATABLE_KI + "Ki"), "pods", new Quantity(Integer.toString(PODS)),
                        "ephemeral-storage", new Quantity("95551679124")))
                .withConditions(conditions)
                .addNewAddress().withType("InternalIP").withAddress(ip).endAddress()
                .addNewAddress().withType("Hostname").withAddress(n.name()).endAddress()
                .withNewNodeInfo().withArchitecture("amd64").withOperatingSystem("linux")
                .withOsImage("Amazon Linux 2023.6.20250115").withKernelVersion("6.1.124-134.200.amzn2023.x86_64")
                .withContainerRuntimeVersion("containerd://1.7.25").withKubeletVersion("v1.31.4-eks-aeac579")
                .withKubeProxyVersion("v1.31.4-eks-aeac579").withMachineID(n.instanceId()).withSystemUUID(n.instanceId())
                .withBootID(n.instanceId()).endNodeInfo()
                .endStatus().build();
    }

    /** A node whose disk filled: under disk pressure since {@code pressure}, tainted so nothing new is scheduled on it. */
    static Node underDiskPressure(String region, RegionPlan.NodePlan n, Instant pressure, Instant now) {
        Instant born = now.minus(Duration.ofDays(3));
        return new NodeBuilder(node(region, n, now, List.of(
                condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", born, now),
                condition("DiskPressure", "True", "KubeletHasDiskPressure", "kubelet has disk pressure", pressure, now),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", born, now),
                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", born, now))))
                .editSpec().withTaints(new TaintBuilder().withKey("node.kubernetes.io/disk-pressure").withEffect("NoSchedule")
                        .withTimeAdded(pressure.toString()).build()).endSpec().build();
    }

    static NodeCondition condition(String type, String status, String reason, String message, Instant since, Instant now) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(since.toString()).withLastHeartbeatTime(now.toString()).build();
    }

    static GenericKubernetesResource metrics(RegionPlan.NodePlan n, int cpuPercent, int memoryPercent, Instant now) {
        GenericKubernetesResource m = generic("metrics.k8s.io/v1beta1", "NodeMetrics", n.name(), Map.of());
        m.setAdditionalProperty("timestamp", now.minusSeconds(7).toString());
        m.setAdditionalProperty("window", "20.047s");
        m.setAdditionalProperty("usage", Map.of(
                "cpu", CPU_ALLOCATABLE_MILLIS * cpuPercent / 100 + "m",
                "memory", MEMORY_ALLOCATABLE_KI * memoryPercent / 100 + "Ki"));
        return m;
    }

    static GenericKubernetesResource claim(RegionPlan.NodePlan n, Instant now) {
        Instant launched = n.justJoined() ? now.minus(Duration.ofMinutes(7)) : now.minus(Duration.ofDays(3));
        return claim(n, launched, List.of(
                claimCondition("Launched", "True", "Launched", "", launched),
                claimCondition("Registered", "True", "Registered", "", launched.plusSeconds(40)),
                claimCondition("Initialized", "True", "Initialized", "", launched.plusSeconds(55)),
                claimCondition("Ready", "True", "Ready", "", launched.plusSeconds(55))), n.name());
    }

    static GenericKubernetesResource claim(RegionPlan.NodePlan n, Instant created, List<Map<String, Object>> conditions,
                                           String nodeName) {
        GenericKubernetesResource c = generic("karpenter.sh/v1", "NodeClaim", n.claim(), Map.of(
                "karpenter.sh/nodepool", "default", "node.kubernetes.io/instance-type", INSTANCE_TYPE,
                "topology.kubernetes.io/zone", n.zone(), "karpenter.sh/capacity-type", "on-demand"));
        c.getMetadata().setCreationTimestamp(created.toString());
        c.setAdditionalProperty("spec", Map.of(
                "nodeClassRef", Map.of("group", "karpenter.k8s.aws", "kind", "EC2NodeClass", "name", "default"),
                "expireAfter", "720h",
                "requirements", List.of(Map.of("key", "node.kubernetes.io/instance-type", "operator", "In",
                        "values", List.of(INSTANCE_TYPE))),
                "resources", Map.of("requests", Map.of("cpu", "3", "memory", "6Gi", "pods", "1"))));
        Map<String, Object> status = new LinkedHashMap<>();
        if (nodeName != null) {
            status.put("nodeName", nodeName);
            status.put("providerID", "aws:///" + n.zone() + "/" + n.instanceId());
            status.put("imageID", "ami-0b4c8e2f6a1d3e579");
            status.put("capacity", Map.of("cpu", "16", "memory", MEMORY_CAPACITY_KI + "Ki", "pods", "110"));
            status.put("allocatable", Map.of("cpu", CPU_ALLOCATABLE_MILLIS + "m", "memory", MEMORY_ALLOCATABLE_KI + "Ki", "pods", "110"));
        }
        status.put("conditions", conditions);
        c.setAdditionalProperty("status", status);
        return c;
    }

    static Map<String, Object> claimCondition(String type, String status, String reason, String message, Instant since) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("status", status);
        c.put("reason", reason);
        c.put("message", message);
        c.put("lastTransitionTime", since.toString());
        c.put("observedGeneration", 1);
        return c;
    }

    /** The default NodePool, with its limit and what its nodes use of it. */
    static GenericKubernetesResource nodePool(int nodes, long cpuLimit, Instant now) {
        GenericKubernetesResource p = generic("karpenter.sh/v1", "NodePool", "default", Map.of());
        p.getMetadata().setCreationTimestamp(now.minus(Duration.ofDays(40)).toString());
        p.setAdditionalProperty("spec", Map.of(
                "template", Map.of("spec", Map.of(
                        "nodeClassRef", Map.of("group", "karpenter.k8s.aws", "kind", "EC2NodeClass", "name", "default"),
                        "requirements", List.of(
                                Map.of("key", "karpenter.sh/capacity-type", "operator", "In", "values", List.of("on-demand")),
                                Map.of("key", "node.kubernetes.io/instance-type", "operator", "In", "values", List.of(INSTANCE_TYPE))),
                        "expireAfter", "720h")),
                "limits", Map.of("cpu", Long.toString(cpuLimit), "memory", cpuLimit * 4 + "Gi"),
                "disruption", Map.of("consolidationPolicy", "WhenEmptyOrUnderutilized", "consolidateAfter", "5m")));
        p.setAdditionalProperty("status", Map.of(
                "nodes", nodes,
                "resources", Map.of("cpu", Integer.toString(nodes * CPU_CAPACITY), "memory", nodes * MEMORY_CAPACITY_KI + "Ki",
                        "pods", Integer.toString(nodes * PODS), "nodes", Integer.toString(nodes)),
                "conditions", List.of(
                        claimCondition("ValidationSucceeded", "True", "ValidationSucceeded", "", now.minus(Duration.ofDays(40))),
                        claimCondition("NodeClassReady", "True", "NodeClassReady", "", now.minus(Duration.ofDays(40))),
                        claimCondition("Ready", "True", "Ready", "", now.minus(Duration.ofDays(40))))));
        return p;
    }

    /** The EC2NodeClass the NodePool and its NodeClaims name: the AMI family, the node role, where nodes go. */
    static GenericKubernetesResource nodeClass(String region, Instant now) {
        GenericKubernetesResource c = generic("karpenter.k8s.aws/v1", "EC2NodeClass", "default", Map.of());
        c.getMetadata().setCreationTimestamp(now.minus(Duration.ofDays(40)).toString());
        c.setAdditionalProperty("spec", Map.of(
                "amiSelectorTerms", List.of(Map.of("alias", "al2023@latest")),
                "role", "KarpenterNodeRole-workshop-" + region,
                "subnetSelectorTerms", List.of(Map.of("tags", Map.of("karpenter.sh/discovery", "workshop-" + region))),
                "securityGroupSelectorTerms", List.of(Map.of("tags", Map.of("karpenter.sh/discovery", "workshop-" + region))),
                "metadataOptions", Map.of("httpEndpoint", "enabled", "httpPutResponseHopLimit", 1, "httpTokens", "required")));
        c.setAdditionalProperty("status", Map.of(
                "amis", List.of(Map.of("id", "ami-0b4c8e2f6a1d3e579", "name", "amazon-eks-node-al2023-x86_64-standard-1.31-v20250116",
                        "requirements", List.of(Map.of("key", "kubernetes.io/arch", "operator", "In", "values", List.of("amd64"))))),
                "instanceProfile", "workshop-" + region + "_" + Integer.toUnsignedString(region.hashCode()),
                "conditions", List.of(
                        claimCondition("AMIsReady", "True", "AMIsReady", "", now.minus(Duration.ofDays(40))),
                        claimCondition("SubnetsReady", "True", "SubnetsReady", "", now.minus(Duration.ofDays(40))),
                        claimCondition("SecurityGroupsReady", "True", "SecurityGroupsReady", "", now.minus(Duration.ofDays(40))),
                        claimCondition("InstanceProfileReady", "True", "InstanceProfileReady", "", now.minus(Duration.ofDays(40))),
                        claimCondition("Ready", "True", "Ready", "", now.minus(Duration.ofDays(40))))));
        return c;
    }

    /** A limit that leaves the pool room to grow: twice what it uses, at least the runbook's 1000 cpu. */
    static long roomyCpuLimit(int nodes) {
        return Math.max(1000, (nodes * (long) CPU_CAPACITY * 2 + 99) / 100 * 100);
    }

    static GenericKubernetesResource generic(String apiVersion, String kind, String name, Map<String, String> labels) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(apiVersion);
        r.setKind(kind);
        r.setMetadata(new ObjectMetaBuilder().withName(name).withLabels(labels.isEmpty() ? null : new LinkedHashMap<>(labels)).build());
        return r;
    }
}
