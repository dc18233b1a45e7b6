package io.pitcrew.config;

import java.time.Duration;

/** The numbers that turn raw state into a signal. Defaults follow the runbook where it gives one. */
public record Thresholds(
        Duration regionTimeout,
        int nodeCpuPercent,
        int nodeMemoryPercent,
        int clusterUsagePercent,
        int workspaceRestarts,
        Duration restartWindow,
        Duration keyRotationWindow,
        int maxWorkspacesPerRegion,
        Duration pendingGrace,
        Duration karpenterScaleTimeout,
        Duration logWindow,
        int provisionerQueueLines,
        int largeWorkshopUsers,
        int largeWorkshopProvisioners,
        int logTailLines,
        Duration daemonOfflineAfter,
        int provisionerQueueDepth,
        Duration buildStuckAfter,
        int litellmSaturationPercent,
        int litellmUsersPerReplica,
        int litellmBaseline,
        Duration workshopLead) {

    /** The thresholds before the sizing and workshop ones were added; those take their defaults. */
    public Thresholds(Duration regionTimeout, int nodeCpuPercent, int nodeMemoryPercent, int clusterUsagePercent,
                      int workspaceRestarts, Duration restartWindow, Duration keyRotationWindow, int maxWorkspacesPerRegion,
                      Duration pendingGrace, Duration karpenterScaleTimeout, Duration logWindow, int provisionerQueueLines,
                      int largeWorkshopUsers, int largeWorkshopProvisioners, int logTailLines, Duration daemonOfflineAfter,
                      int provisionerQueueDepth, Duration buildStuckAfter, int litellmSaturationPercent) {
        this(regionTimeout, nodeCpuPercent, nodeMemoryPercent, clusterUsagePercent, workspaceRestarts, restartWindow,
                keyRotationWindow, maxWorkspacesPerRegion, pendingGrace, karpenterScaleTimeout, logWindow,
                provisionerQueueLines, largeWorkshopUsers, largeWorkshopProvisioners, logTailLines, daemonOfflineAfter,
                provisionerQueueDepth, buildStuckAfter, litellmSaturationPercent, LITELLM_USERS_PER_REPLICA, LITELLM_BASELINE,
                WORKSHOP_LEAD);
    }

    /** The thresholds before the LiteLLM ones were added; those take their defaults. */
    public Thresholds(Duration regionTimeout, int nodeCpuPercent, int nodeMemoryPercent, int clusterUsagePercent,
                      int workspaceRestarts, Duration restartWindow, Duration keyRotationWindow, int maxWorkspacesPerRegion,
                      Duration pendingGrace, Duration karpenterScaleTimeout, Duration logWindow, int provisionerQueueLines,
                      int largeWorkshopUsers, int largeWorkshopProvisioners, int logTailLines, Duration daemonOfflineAfter,
                      int provisionerQueueDepth, Duration buildStuckAfter) {
        this(regionTimeout, nodeCpuPercent, nodeMemoryPercent, clusterUsagePercent, workspaceRestarts, restartWindow,
                keyRotationWindow, maxWorkspacesPerRegion, pendingGrace, karpenterScaleTimeout, logWindow,
                provisionerQueueLines, largeWorkshopUsers, largeWorkshopProvisioners, logTailLines, daemonOfflineAfter,
                provisionerQueueDepth, buildStuckAfter, LITELLM_SATURATION_PERCENT);
    }

    /** LiteLLM replicas at this much of their 2 vCPU / 4 GB limits are saturated. */
    static final int LITELLM_SATURATION_PERCENT = 85;
    /**
     * Concurrent users one LiteLLM replica serves: the runbook sizes LiteLLM at 4 replicas and scales a busy day to 6-8,
     * which at 8 users each is 32 users, and 48-64 (a workshop of 40 to 60).
     */
    static final int LITELLM_USERS_PER_REPLICA = 8;
    /** The runbook's LiteLLM: "4 replicas @ 2 vCPU / 4 GB each". */
    static final int LITELLM_BASELINE = 4;
    /** "Just before" a workshop: within this of its start, its predictable trouble is a risk finding. */
    static final Duration WORKSHOP_LEAD = Duration.ofHours(2);

    /** The same thresholds with another per-region deadline ({@code doctor --timeout}). */
    public Thresholds withRegionTimeout(Duration timeout) {
        return new Thresholds(timeout, nodeCpuPercent, nodeMemoryPercent, clusterUsagePercent, workspaceRestarts,
                restartWindow, keyRotationWindow, maxWorkspacesPerRegion, pendingGrace, karpenterScaleTimeout, logWindow,
                provisionerQueueLines, largeWorkshopUsers, largeWorkshopProvisioners, logTailLines, daemonOfflineAfter,
                provisionerQueueDepth, buildStuckAfter, litellmSaturationPercent, litellmUsersPerReplica, litellmBaseline, workshopLead);
    }

    public static Thresholds defaults() {
        return new Thresholds(Duration.ofSeconds(15), 90, 90, 80, 3, Duration.ofMinutes(30), Duration.ofMinutes(30),
                50, Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(15), 3, 15, 8, 100,
                // coderd's own rule: a daemon heartbeats every 60 s and is offline once unseen for 90 s
                Duration.ofSeconds(90), 3, Duration.ofMinutes(10), LITELLM_SATURATION_PERCENT, LITELLM_USERS_PER_REPLICA,
                LITELLM_BASELINE, WORKSHOP_LEAD);
    }
}
