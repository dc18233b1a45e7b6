package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.pitcrew.observe.RegionSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Runbook §1 and §4 "kubectl top nodes": metrics.k8s.io usage against each node's allocatable, and the region's
 * totals. Only nodes with both a metric and an allocatable count: a node that just joined has no metric yet, and
 * a region without metrics-server (a gap) raises nothing.
 */
public final class NodeUsageCheck implements Check {

    public static final String NODE = "node-usage-high";
    public static final String CLUSTER = "cluster-usage-high";

    private static final CheckHeader HEADER = new CheckHeader("node-usage", List.of(NODE, CLUSTER),
            EnumSet.of(Input.NODES, Input.NODE_METRICS));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        var t = context.thresholds();
        Map<String, Resources> allocatable = new HashMap<>();
        for (Node n : region.nodes()) {
            if (n.getStatus() != null) allocatable.put(n.getMetadata().getName(), Resources.of(n.getStatus().getAllocatable()));
        }
        EvidenceTally high = new EvidenceTally();
        Resources used = Resources.ZERO;
        Resources of = Resources.ZERO;
        int measured = 0;
        for (NodeMetrics m : region.nodeMetrics()) {
            Resources alloc = allocatable.get(m.getMetadata().getName());
            if (alloc == null) continue;
            Resources usage = Resources.of(m.getUsage());
            used = used.plus(usage);
            of = of.plus(alloc);
            measured++;
            List<String> breaches = new ArrayList<>();
            if (Resources.atLeast(usage.cpu(), alloc.cpu(), t.nodeCpuPercent())) {
                breaches.add(Resources.cpuLine(usage.cpu(), alloc.cpu()));
            }
            if (Resources.atLeast(usage.memory(), alloc.memory(), t.nodeMemoryPercent())) {
                breaches.add(Resources.memoryLine(usage.memory(), alloc.memory()));
            }
            if (!breaches.isEmpty()) {
                high.add(new Evidence(r, "Node", "", m.getMetadata().getName(), String.join(", ", breaches)));
            }
        }
        List<Signal> out = new ArrayList<>();
        high.emit(out, NODE, r, EvidenceTally.count(high.affected(), "node") + " at or above "
                + t.nodeCpuPercent() + "% cpu or " + t.nodeMemoryPercent() + "% memory of allocatable");
        if (Resources.atLeast(used.cpu(), of.cpu(), t.clusterUsagePercent())
                || Resources.atLeast(used.memory(), of.memory(), t.clusterUsagePercent())) {
            String totals = Resources.cpuLine(used.cpu(), of.cpu()) + ", " + Resources.memoryLine(used.memory(), of.memory())
                    + " across " + EvidenceTally.count(measured, "node");
            out.add(new Signal(CLUSTER, r, measured,
                    "region usage at or above " + t.clusterUsagePercent() + "% of allocatable: " + totals,
                    List.of(new Evidence(r, "Region", "", r, totals))));
        }
        return out;
    }
}
