package io.pitcrew.lab;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

import static io.pitcrew.lab.Scenarios.CONTROL;

/**
 * The faults a drill can arm: every scenario of the lab but {@code healthy}, each with what participants would report
 * and how the lab tells it still stands, and {@code storage-filling}, which grows over the drill's steps.
 */
public final class Rehearsals {

    public static final List<Rehearsal> ALL = List.of(
            fixable("storage-exhaustion", "my workspace was restarted and my files are gone (us-west-2)", Faults.troubledPodsRemain()),
            new Rehearsal("storage-filling", "us-west-2: a workspace without a size limit fills its node's disk; then evictions",
                    "my workspace is getting slower and says its disk is almost full (us-west-2)",
                    "workspace-restarts", "ephemeral-storage-exhaustion", StorageFilling.stages(), Faults.podsRemain(), true),
            fixable("key-rotation", "all our workspaces restarted at the same moment, in every region",
                    Faults.replicas(CONTROL, "litellm-key-rotator", running -> running > 0)),
            fixable("node-pressure", "my workspace keeps restarting (eu-west-2)", Faults.troubledPodsRemain()),
            fixable("node-capacity", "my new workspace has been starting for minutes (us-east-2)", Faults.untouched("NodePool")),
            standing("too-many-workspaces", "everything in my workspace is slow today (us-west-2)"),
            fixable("provisioner-shortage", "my workspace build has been queued for ages (us-east-2)",
                    Faults.replicas(CONTROL, "coder-provisioner-default", replicas -> replicas < 10)),
            standing("karpenter-stuck", "my new workspace is stuck pending (eu-west-2)"),
            standing("karpenter-no-capacity", "new workspaces have been pending for minutes (us-west-2)"),
            fixable("image-mismatch", "the IDE in my workspace looks different from my colleague's (eu-west-2)", Faults.podsRemain()),
            standing("lb-pending", "oregon-proxy.ai.coder.com does not load at all (us-west-2)"),
            standing("pull-auth-expired", "my new workspace fails to start with image pull errors (us-east-2)"),
            standing("image-missing", "my new workspace never starts: it cannot find its image (us-west-2)"),
            standing("registry-rate-limited", "workspaces fail to pull their images: too many requests (eu-west-2)"),
            standing("dns-misroute", "my workspace link on emea-proxy opens the wrong region (eu-west-2)"),
            fixable("mirror-stale", "we were told about the new Coder release, but nobody has it yet", Faults.mirrorBehind()),
            standing("health-failing", "the uptime checks for emea-proxy.ai.coder.com are red (eu-west-2)"),
            standing("proxy-unhealthy", "workspace apps through emea-proxy.ai.coder.com time out (eu-west-2)"),
            fixable("provisioner-oom", "my workspace builds fail halfway (us-east-2)", Faults.troubledPodsRemain()),
            fixable("iam-role-missing", "my workspace build fails: AWS says access denied (us-east-2)", Faults.untouched("ServiceAccount")),
            standing("terraform-lock", "my workspace build fails: the state is locked (us-east-2)"),
            standing("provisioner-offline", "builds wait, though nothing seems busy (us-east-2)"),
            standing("builds-stuck", "my GPU workspace has been building for a quarter of an hour (us-east-2)"),
            fixable("litellm-credentials-expired", "the AI assistant answers with an authentication error", Faults.untouched("Secret")),
            fixable("litellm-key-rotation", "the AI assistant says my key is invalid",
                    Faults.replicas(CONTROL, "litellm-key-rotator", running -> running > 0)),
            standing("litellm-rate-limited", "the AI assistant keeps saying it is rate limited"),
            fixable("litellm-outage", "the AI assistant does not answer at all", Faults.troubledPodsRemain()),
            fixable("litellm-capacity", "the AI assistant takes ages to answer",
                    Faults.replicas(CONTROL, "litellm", replicas -> replicas <= 4)),
            standing("coderd-down", "nobody can reach ai.coder.com"),
            standing("proxy-down", "emea-proxy.ai.coder.com is down (eu-west-2)"),
            standing("provisioners-crashloop", "no workspace build starts at all (us-east-2)"),
            standing("karpenter-down", "new workspaces wait a long time for a node (us-west-2)"),
            standing("lb-controller-down", "the platform team's load balancer alarm fires (us-west-2)"),
            standing("coredns-down", "nothing in my workspace can resolve a host name (eu-west-2)"),
            standing("metrics-server-down", "kubectl top says the metrics API is not available (us-east-2)"),
            standing("region-down", "kubectl against eu-west-2 says connection refused (eu-west-2)"),
            // one root cause behind two symptoms: the drill is scored on the cause, which explains the other (detection only
            // for now: their lab state is not yet taken away by the cause's fix alone)
            standing("provisioner-oom-restarting", "my workspace builds fail or wait a long time (us-east-2)"),
            standing("karpenter-down-pods-waiting", "my new workspace is stuck pending and nothing seems to happen (us-west-2)"),
            standing("litellm-crash-keys-rejected", "the AI assistant comes and goes, and says my key is invalid"));

    /**
     * Scenarios a drill does not arm: risks, not incidents (too few provisioners for a workshop, a rotation or an expiry
     * due during it, what was raised for it still raised). Nobody reports them, so there is nothing to respond to;
     * {@code pitcrew preflight} and doctor's risk findings are how they are rehearsed (docs/preflight.md).
     */
    public static final Set<String> NOT_DRILLED = Set.of("provisioners-undersized", "litellm-undersized", "rotation-due",
            "pull-secret-expiring", "credentials-expiring", "workshop-over");

    private Rehearsals() {}

    public static Optional<Rehearsal> byName(String name) {
        return ALL.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(Rehearsal::name).toList();
    }

    /** A fault for {@code --random}: one a fix can take away in the lab, so the drill can be mitigated, and scored whole. */
    public static Rehearsal random(RandomGenerator random) {
        List<Rehearsal> fixable = ALL.stream().filter(Rehearsal::fixableInLab).toList();
        return fixable.get(random.nextInt(fixable.size()));
    }

    /** A scenario whose fix (the runbook's {@code pitcrew fix}, or kubectl) shows in the lab. */
    private static Rehearsal fixable(String scenario, String report, StillFaulty stillFaulty) {
        Scenario s = scenario(scenario);
        return new Rehearsal(s.name(), s.summary(), report, s.expectedIncidentType(), s.expectedCause(), List.of(s.overlay()),
                stillFaulty, true);
    }

    /** A scenario whose fix lies outside the lab's clusters: rehearsed for detection; it ends standing. */
    private static Rehearsal standing(String scenario, String report) {
        Scenario s = scenario(scenario);
        return new Rehearsal(s.name(), s.summary(), report, s.expectedIncidentType(), s.expectedCause(), List.of(s.overlay()),
                Faults.fixedOutsideTheLab(), false);
    }

    private static Scenario scenario(String name) {
        return Scenarios.byName(name).orElseThrow(() -> new IllegalStateException("no lab scenario " + name));
    }
}
