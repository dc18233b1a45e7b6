package io.pitcrew.check;

import io.pitcrew.config.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.observe.RegionSnapshot;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Runbook §4 "Count concurrent workspaces" and "Check workspace pod resource limits": too many workspaces in a
 * region, or workspaces that together ask for more of the region than it can comfortably give.
 */
public final class WorkspaceCountCheck implements Check {

    public static final String COUNT = "workspace-count-high";
    public static final String REQUESTS = "workspace-requests-high";

    private static final CheckHeader HEADER = new CheckHeader("workspace-count", List.of(COUNT, REQUESTS),
            EnumSet.of(Input.PODS, Input.NODES));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        var t = context.thresholds();
        LabelSelector workspaces = LabelSelector.parse(context.names().workspaceSelector());

        int running = 0;
        int active = 0;
        Resources requested = Resources.ZERO;
        for (Pod p : region.pods()) {
            if (!workspaces.matches(p.getMetadata().getLabels())) continue;
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            // Pending pods hold their requests too (or are waiting for room); finished pods hold nothing.
            if (!"Running".equals(phase) && !"Pending".equals(phase)) continue;
            if ("Running".equals(phase)) running++;
            active++;
            requested = requested.plus(Resources.requests(p));
        }
        Resources allocatable = Resources.ZERO;
        for (Node n : region.nodes()) {
            if (n.getStatus() != null) allocatable = allocatable.plus(Resources.of(n.getStatus().getAllocatable()));
        }
        String sums = "requests " + Resources.cpuLine(requested.cpu(), allocatable.cpu()) + ", "
                + Resources.memoryLine(requested.memory(), allocatable.memory()) + " of allocatable";

        List<Signal> out = new ArrayList<>();
        if (running > t.maxWorkspacesPerRegion()) {
            String detail = running + " running workspace pods (max " + t.maxWorkspacesPerRegion() + "); " + sums;
            out.add(new Signal(COUNT, r, running,
                    running + " running workspaces, more than " + t.maxWorkspacesPerRegion() + " per region",
                    List.of(new Evidence(r, "Region", "", r, detail))));
        }
        if (Resources.atLeast(requested.cpu(), allocatable.cpu(), t.clusterUsagePercent())
                || Resources.atLeast(requested.memory(), allocatable.memory(), t.clusterUsagePercent())) {
            String detail = active + " workspace pods " + sums;
            out.add(new Signal(REQUESTS, r, active,
                    "workspace pods request at least " + t.clusterUsagePercent() + "% of the region's allocatable",
                    List.of(new Evidence(r, "Region", "", r, detail))));
        }
        return out;
    }
}
