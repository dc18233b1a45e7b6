package io.pitcrew.config;

import java.util.List;

/** Reads pitcrew.yaml's {@code thresholds:}: each within its range, and the pending graces in their order. */
final class ThresholdsConfig {

    static final List<String> KEYS = ConfigSection.keysOf(Thresholds.class);

    private ThresholdsConfig() {}

    static Thresholds read(ConfigSection s) {
        Thresholds d = Thresholds.defaults();
        Thresholds t = new Thresholds(
                s.duration("regionTimeout", d.regionTimeout()),
                s.integer("nodeCpuPercent", d.nodeCpuPercent(), 1, 100, "percent of a node's allocatable CPU"),
                s.integer("nodeMemoryPercent", d.nodeMemoryPercent(), 1, 100, "percent of a node's allocatable memory"),
                s.integer("clusterUsagePercent", d.clusterUsagePercent(), 1, 100,
                        "percent of the region's allocatable CPU or memory"),
                s.integer("workspaceRestarts", d.workspaceRestarts(), 1, Integer.MAX_VALUE,
                        "restarts of one workspace pod"),
                s.duration("restartWindow", d.restartWindow()),
                s.duration("keyRotationWindow", d.keyRotationWindow()),
                s.integer("maxWorkspacesPerRegion", d.maxWorkspacesPerRegion(), 1, Integer.MAX_VALUE,
                        "running workspaces in one region"),
                s.duration("pendingGrace", d.pendingGrace()),
                s.duration("karpenterScaleTimeout", d.karpenterScaleTimeout()),
                s.duration("logWindow", d.logWindow()),
                s.integer("provisionerQueueLines", d.provisionerQueueLines(), 1, Integer.MAX_VALUE,
                        "matching provisioner log lines"),
                s.integer("largeWorkshopUsers", d.largeWorkshopUsers(), 1, Integer.MAX_VALUE,
                        "distinct workspace owners"),
                s.integer("largeWorkshopProvisioners", d.largeWorkshopProvisioners(), 1, Integer.MAX_VALUE,
                        "default-org provisioner replicas"),
                // Every sweep reads this many lines per pod; beyond 10000 a sweep stops being "seconds".
                s.integer("logTailLines", d.logTailLines(), 1, 10_000, "log lines read per pod"),
                s.duration("daemonOfflineAfter", d.daemonOfflineAfter()),
                s.integer("provisionerQueueDepth", d.provisionerQueueDepth(), 1, Integer.MAX_VALUE,
                        "provisioner jobs waiting in Coder's queue"),
                s.duration("buildStuckAfter", d.buildStuckAfter()),
                s.integer("litellmSaturationPercent", d.litellmSaturationPercent(), 1, 100,
                        "percent of a LiteLLM replica's cpu or memory limit"),
                s.integer("litellmUsersPerReplica", d.litellmUsersPerReplica(), 1, 10_000,
                        "concurrent users one LiteLLM replica serves"),
                s.integer("litellmBaseline", d.litellmBaseline(), 1, 1000, "LiteLLM replicas on an ordinary day"),
                s.duration("workshopLead", d.workshopLead()));
        // Pods pending past pendingGrace are "unschedulable"; past karpenterScaleTimeout "Karpenter is not
        // scaling". The second must come later or the first signal could never be seen on its own.
        if (t.pendingGrace() != null && t.karpenterScaleTimeout() != null
                && t.pendingGrace().compareTo(t.karpenterScaleTimeout()) >= 0) {
            s.problem(s.at(s.node.has("pendingGrace") ? "pendingGrace" : "karpenterScaleTimeout"),
                    "pendingGrace (" + DurationText.format(t.pendingGrace()) + ") must be shorter than "
                            + "karpenterScaleTimeout (" + DurationText.format(t.karpenterScaleTimeout()) + ")",
                    "a pod is first 'unschedulable' (pendingGrace), and only later 'Karpenter is not scaling' "
                            + "(karpenterScaleTimeout); defaults are 2m and 5m");
        }
        return t;
    }
}
