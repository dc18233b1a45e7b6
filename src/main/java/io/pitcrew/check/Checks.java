package io.pitcrew.check;

import java.util.List;

/** Every check, in the runbook's order of diagnosis. A check not listed here does not run. */
public final class Checks {

    public static final List<Check> ALL = List.of(
            new EvictedPodsCheck(),
            new NodeConditionsCheck(),
            new NodeUsageCheck(),
            new WorkspaceRestartsCheck(),
            new WorkspaceCountCheck(),
            new PendingPodsCheck(),
            new KarpenterNodePoolsCheck(),
            new KarpenterNodeClaimsCheck(),
            new KarpenterLogsCheck(),
            new KeyRotationCheck(),
            new KeyRotationPauseCheck(),
            new ProvisionerLogsCheck(),
            new ProvisionerReplicasCheck(),
            new ImagePullCheck(),
            new PullSecretsCheck(),
            new CoderLoadBalancerCheck(),
            new ProvisionerFailuresCheck(),
            new LiteLLMPodsCheck(),
            new LiteLLMLogsCheck(),
            new LiteLLMCredentialsCheck(),
            new LiteLLMCapacityCheck(),
            new CoderPodsCheck(),
            new ProvisionerPodsCheck(),
            new KeyRotatorPodsCheck(),
            new KarpenterControllerCheck(),
            new LoadBalancerControllerCheck(),
            new CoreDnsCheck(),
            new MetricsServerCheck(),
            new WorkshopRotationCheck(),
            new WorkshopExpiryCheck(),
            new WorkshopAftermathCheck());

    /** Checks that compare regions with each other. */
    public static final List<PlatformCheck> PLATFORM = List.of(
            new CoderImagesCheck(),
            new DnsRoutingCheck(),
            new MirrorSyncCheck(),
            new HealthCheck(),
            new WorkspaceProxiesCheck(),
            new ProvisionerDaemonsCheck(),
            new ProvisionerQueueCheck(),
            new WorkspaceBuildsCheck(),
            new LiteLLMEndpointCheck(),
            new LiteLLMSizingCheck());

    private Checks() {}
}
