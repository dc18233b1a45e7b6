package io.pitcrew.preflight;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.pitcrew.check.Resources;
import io.pitcrew.config.LabelSelector;
import io.pitcrew.config.WorkspaceRequests;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.runbook.Finding;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runbook §4 before the fact: N workspaces of the template's requests against what the region's nodes have free, and
 * for the rest what its Karpenter NodePools may still launch within their {@code spec.limits}. Every region is judged
 * for all N (a participant may pick any region). Requests are summed, not bin-packed: a node's leftover corners are
 * counted as room, so "fits" is the most that fits.
 */
final class CapacityReadiness implements Readiness {

    static final String NAME = "capacity";

    @Override
    public String name() { return NAME; }

    @Override
    public Set<String> claims() {
        return Set.of("resource-contention/karpenter-not-scaling", "resource-contention/karpenter-down",
                "resource-contention/insufficient-node-capacity", "resource-contention/too-many-workspaces");
    }

    /** What one workspace requests, and where that was read. */
    record Template(Resources requests, String source) {}

    @Override
    public List<Item> judge(Inputs in) {
        List<Item> out = new ArrayList<>();
        int n = in.workshop().participants();
        LabelSelector workspaces = LabelSelector.parse(in.config().names().workspaceSelector());
        for (RegionSnapshot region : in.snapshot().reachable()) {
            String r = region.region().name();
            Template t = template(region, in, workspaces);
            Resources need = new Resources(t.requests().cpu().multiply(BigDecimal.valueOf(n)), t.requests().memory().multiply(BigDecimal.valueOf(n)));
            Resources free = free(region);
            int fitNow = fits(free, t.requests());
            String asked = n + " workspaces of " + describe(t.requests()) + " (" + t.source() + ")";
            // what doctor finds here now (no room, Karpenter stuck or down, the region full) comes first
            List<Finding> found = in.findings(claims(), r);
            if (!found.isEmpty()) {
                for (Finding f : found) {
                    Item because = Inputs.item(NAME, r, f);
                    out.add(Item.blocker(NAME, r, asked + " (room for " + fitNow + " now), but " + because.detail(), because.fix()));
                }
                continue;
            }
            if (fitNow >= n) {
                out.add(Item.ok(NAME, r, asked + " fit on the nodes running now (room for " + fitNow + ")"));
                continue;
            }
            Resources missing = new Resources(positive(need.cpu().subtract(free.cpu())), positive(need.memory().subtract(free.memory())));
            String shortNow = asked + ": the nodes running now have room for " + fitNow;
            List<GenericKubernetesResource> pools = region.nodePools().stream().filter(CapacityReadiness::ready).toList();
            if (pools.isEmpty()) {
                out.add(Item.blocker(NAME, r, shortNow + "; no Ready Karpenter NodePool, so no node is added: add nodes, or move "
                        + "participants to another region", null));
                continue;
            }
            Room room = room(pools);
            if (room.covers(missing)) {
                out.add(Item.ok(NAME, r, shortNow + "; Karpenter can launch the rest (" + room.describe() + ")"));
            } else {
                GenericKubernetesResource first = pools.getFirst();
                out.add(Item.blocker(NAME, r, shortNow + "; the rest needs " + describe(missing) + " more, beyond the NodePools' limits ("
                        + room.describe() + "): raise spec.limits (kubectl edit nodepool " + first.getMetadata().getName()
                        + " --context=" + region.region().context() + ")", null));
            }
        }
        return out;
    }

    /** The largest requests of a workspace running in the region, else anywhere, else pitcrew.yaml's, else the runbook's. */
    static Template template(RegionSnapshot region, Inputs in, LabelSelector workspaces) {
        Optional<Resources> here = largest(List.of(region), workspaces);
        if (here.isPresent()) return new Template(here.get(), "the largest requests of its workspace pods");
        Optional<Resources> anywhere = largest(in.snapshot().reachable(), workspaces);
        if (anywhere.isPresent()) return new Template(anywhere.get(), "the largest requests of the platform's workspace pods");
        if (in.config().workspace().isPresent()) return new Template(of(in.config().workspace().get()), "workspace: in pitcrew.yaml");
        return new Template(of(WorkspaceRequests.runbook()), "the runbook's 2-4 vCPU / 4-8 GB, at the upper end; set workspace: in pitcrew.yaml");
    }

    private static Optional<Resources> largest(List<RegionSnapshot> regions, LabelSelector workspaces) {
        return regions.stream().flatMap(r -> r.pods().stream())
                .filter(p -> workspaces.matches(p.getMetadata().getLabels()) && active(p))
                .map(Resources::requests).filter(q -> q.cpu().signum() > 0 || q.memory().signum() > 0)
                .max(Comparator.comparing(Resources::cpu).thenComparing(Resources::memory));
    }

    private static Resources of(WorkspaceRequests w) {
        return new Resources(Resources.amount(new Quantity(w.cpu())), Resources.amount(new Quantity(w.memory())));
    }

    /** Allocatable of the Ready, schedulable nodes less what the pods on them request. */
    static Resources free(RegionSnapshot region) {
        Set<String> usable = new HashSet<>();
        Resources allocatable = Resources.ZERO;
        for (Node node : region.nodes()) {
            if (node.getStatus() == null || !readyNode(node) || node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) continue;
            usable.add(node.getMetadata().getName());
            allocatable = allocatable.plus(Resources.of(node.getStatus().getAllocatable()));
        }
        Resources requested = Resources.ZERO;
        for (Pod p : region.pods()) {
            if (p.getSpec() == null || !usable.contains(p.getSpec().getNodeName()) || !active(p)) continue;
            requested = requested.plus(Resources.requests(p));
        }
        return new Resources(positive(allocatable.cpu().subtract(requested.cpu())), positive(allocatable.memory().subtract(requested.memory())));
    }

    /** How many of {@code one} fit in {@code free}, by cpu and by memory. */
    static int fits(Resources free, Resources one) {
        int byCpu = one.cpu().signum() == 0 ? Integer.MAX_VALUE : free.cpu().divide(one.cpu(), 0, RoundingMode.FLOOR).intValue();
        int byMemory = one.memory().signum() == 0 ? Integer.MAX_VALUE : free.memory().divide(one.memory(), 0, RoundingMode.FLOOR).intValue();
        return Math.min(byCpu, byMemory);
    }

    /** What the NodePools may still add: limit less what their nodes have, summed; a pool without a limit has no bound. */
    record Room(BigDecimal cpu, BigDecimal memory, boolean unboundedCpu, boolean unboundedMemory, String text) {
        boolean covers(Resources missing) {
            return (unboundedCpu || cpu.compareTo(missing.cpu()) >= 0) && (unboundedMemory || memory.compareTo(missing.memory()) >= 0);
        }

        String describe() {
            return text;
        }
    }

    static Room room(List<GenericKubernetesResource> pools) {
        BigDecimal cpu = BigDecimal.ZERO;
        BigDecimal memory = BigDecimal.ZERO;
        boolean unboundedCpu = false;
        boolean unboundedMemory = false;
        List<String> parts = new ArrayList<>();
        for (GenericKubernetesResource pool : pools) {
            Map<String, Object> limits = GenericKubernetesResource.get(pool.getAdditionalProperties(), "spec", "limits");
            Map<String, Object> used = GenericKubernetesResource.get(pool.getAdditionalProperties(), "status", "resources");
            BigDecimal cpuLimit = amount(limits, "cpu");
            BigDecimal memoryLimit = amount(limits, "memory");
            BigDecimal cpuUsed = Optional.ofNullable(amount(used, "cpu")).orElse(BigDecimal.ZERO);
            BigDecimal memoryUsed = Optional.ofNullable(amount(used, "memory")).orElse(BigDecimal.ZERO);
            if (cpuLimit == null) unboundedCpu = true;
            else cpu = cpu.add(positive(cpuLimit.subtract(cpuUsed)));
            if (memoryLimit == null) unboundedMemory = true;
            else memory = memory.add(positive(memoryLimit.subtract(memoryUsed)));
            parts.add("NodePool " + pool.getMetadata().getName() + ": cpu " + Resources.cores(cpuUsed)
                    + " of " + (cpuLimit == null ? "no limit" : Resources.cores(cpuLimit)) + ", memory "
                    + Resources.gibibytes(memoryUsed) + " of " + (memoryLimit == null ? "no limit" : Resources.gibibytes(memoryLimit)));
        }
        return new Room(cpu, memory, unboundedCpu, unboundedMemory, String.join("; ", parts));
    }

    private static BigDecimal amount(Map<String, Object> map, String key) {
        Object v = map == null ? null : map.get(key);
        return v == null ? null : Resources.amount(new Quantity(v.toString()));
    }

    private static boolean ready(GenericKubernetesResource pool) {
        List<Map<String, Object>> conditions = GenericKubernetesResource.get(pool.getAdditionalProperties(), "status", "conditions");
        if (conditions == null) return true; // an older Karpenter reports no conditions: nothing says it cannot launch
        return conditions.stream().noneMatch(c -> "Ready".equals(c.get("type")) && "False".equals(c.get("status")));
    }

    private static boolean readyNode(Node node) {
        List<NodeCondition> conditions = node.getStatus().getConditions();
        return conditions != null && conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean active(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return "Running".equals(phase) || "Pending".equals(phase);
    }

    private static BigDecimal positive(BigDecimal d) {
        return d.signum() < 0 ? BigDecimal.ZERO : d;
    }

    /** "4 cpu / 8.0Gi". */
    static String describe(Resources r) {
        return Resources.cores(r.cpu()) + " cpu / " + Resources.gibibytes(r.memory());
    }
}
