package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One problem that shows as two: a cause and the symptom it explains in the same region, which doctor reports as one
 * finding with the symptom folded in as evidence ({@code explains:} in the runbook).
 */
final class FoldScenarios {

    private FoldScenarios() {}

    /**
     * Two default provisioners OOMKilled a minute ago: restarted, not Ready yet, so the pool is below its baseline (4 of
     * 6 ready) without crash-looping. Below baseline because OOMKilled: one finding, the limits.
     */
    static List<Change> provisionerOomRestarting(Topology t, Instant now) {
        RegionPlan.ComponentPlan p = t.region(Scenarios.CONTROL).component("coder-provisioner-default").orElseThrow();
        List<Change> out = new ArrayList<>();
        Instant killed = now.minusSeconds(60);
        for (int i = 0; i < 2; i++) {
            Pod pod = Components.pod(p, i, now.minus(Duration.ofHours(26)));
            var status = new ContainerStatusBuilder(pod.getStatus().getContainerStatuses().getFirst())
                    .withReady(false).withStarted(true).withRestartCount(1)
                    .withNewState().withNewRunning().withStartedAt(killed.plusSeconds(15).toString()).endRunning().endState()
                    .withNewLastState().withNewTerminated().withReason("OOMKilled").withExitCode(137)
                    .withStartedAt(now.minus(Duration.ofHours(26)).toString()).withFinishedAt(killed.toString()).endTerminated().endLastState()
                    .build();
            out.add(new Change.Put(Scenarios.CONTROL, new PodBuilder(pod).editStatus()
                    .withConditions(Pods.condition("Ready", "False", killed), Pods.condition("ContainersReady", "False", killed),
                            Pods.condition("Initialized", "True", now.minus(Duration.ofHours(26))),
                            Pods.condition("PodScheduled", "True", now.minus(Duration.ofHours(26))))
                    .withContainerStatuses(status).endStatus().build()));
        }
        Deployment d = Components.deployment(p, p.pods().size(), p.pods().size() - 2, now);
        for (DeploymentCondition c : d.getStatus().getConditions()) {
            if (c.getType().equals("Available")) {
                c.setLastTransitionTime(killed.toString());
                c.setLastUpdateTime(killed.toString());
            }
        }
        out.add(new Change.Put(Scenarios.CONTROL, d));
        return out;
    }

    /** us-west-2's Karpenter crash-loops while workspaces wait four minutes for a node: pods unschedulable because of it. */
    static List<Change> karpenterDownPodsWaiting(Topology t, Instant now) {
        List<Change> out = new ArrayList<>(ComponentScenarios.karpenterDown(t, now));
        RegionPlan plan = t.region(Scenarios.OREGON);
        Ids ids = new Ids(now.toEpochMilli());
        Instant since = now.minus(Duration.ofMinutes(4));
        int nodes = plan.nodes().size();
        String message = "0/" + nodes + " nodes are available: " + nodes + " Insufficient cpu. preemption: 0/" + nodes
                + " nodes are available: " + nodes + " No preemption victims found for incoming pod.";
        for (int i = 0; i < 3; i++) {
            RegionPlan.WorkspacePlan w = HealthyBase.workspacePlan(ids, HealthyBase.STAFF.get(i), null);
            out.add(new Change.Put(Scenarios.OREGON, Scenarios.pending(w, since.plusSeconds(i * 5L), message)));
            out.add(new Change.Put(Scenarios.OREGON, ClusterEvents.pod(Workspaces.NAMESPACE, w.pod(), "Warning", "FailedScheduling",
                    message, "default-scheduler", since.plusSeconds(i * 5L), now.minusSeconds(20), 5)));
        }
        return out;
    }

    /**
     * LiteLLM lost its database: two replicas crash-loop, the others reject the virtual keys they cannot look up, minutes
     * after the key rotator rotated. The keys are rejected because LiteLLM is down, not because of the rotation.
     */
    static List<Change> litellmCrashKeysRejected(Topology t, Instant now) {
        List<Change> out = new ArrayList<>(LiteLLMScenarios.outage(t, now));
        out.addAll(LiteLLMScenarios.keyRotation(t, now));
        return out;
    }
}
