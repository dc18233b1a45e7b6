package io.pitcrew.check;

/**
 * What a check reads: one part of a {@link io.pitcrew.observe.RegionSnapshot} or of the
 * {@link io.pitcrew.observe.Snapshot}'s probes, or the clock. {@code pitcrew serve} re-runs a check only when
 * something it reads changed, so a check that reads more than it declares would miss a fault: every check says what
 * it reads ({@code reads()}, no default), and {@code server.IncrementalEvaluationTest} blanks or swaps what a check
 * does not declare, in every lab scenario, and asserts its signals stay the same.
 */
public enum Input {
    /** Every pod of the region. */
    PODS,
    NODES,
    EVENTS,
    /** Deployments of the namespaces of the platform's components ({@code Names.deploymentNamespaces()}). */
    DEPLOYMENTS,
    /** Services of the coder namespace. */
    SERVICES,
    /** Service accounts of the coder namespace. */
    SERVICE_ACCOUNTS,
    /** Pull secrets and the LiteLLM credential secrets, as metadata. */
    SECRETS,
    /** Karpenter NodePools. */
    NODE_POOLS,
    /** Karpenter NodeClaims. */
    NODE_CLAIMS,
    /** metrics.k8s.io pod usage. */
    POD_METRICS,
    /** metrics.k8s.io node usage. */
    NODE_METRICS,
    /** Log tails of Karpenter, the key rotator, the provisioners and LiteLLM, and of the other components' pods that are not Ready. */
    LOGS,
    /** Probe: the DNS answers of each region's domain. */
    DNS,
    /** Probe: the upstream and mirror digests of the Coder image. */
    MIRROR,
    /** Probe: each region's /healthz. */
    HEALTH,
    /** Probe: coderd's workspace proxies, provisioner daemons, job queue and builds. */
    CODER,
    /** Probe: the LiteLLM proxy's readiness, liveliness and model health. */
    LITELLM,
    /**
     * The time of the evaluation: a check that judges windows ("evicted in the last 30 min") or writes ages
     * ("4m ago") answers differently later with nothing else changed, so it runs on every evaluation.
     */
    CLOCK;

    /** Answered by the probes of pitcrew.yaml, for the whole platform rather than for one region. */
    public boolean probed() {
        return this == DNS || this == MIRROR || this == HEALTH || this == CODER || this == LITELLM;
    }
}
