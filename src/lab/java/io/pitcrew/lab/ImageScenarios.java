package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Faults of runbook sections 2 (subdomain routing) and 5 (image pulls) that live in the clusters themselves. */
final class ImageScenarios {

    /** The build the proxies ran before the last mirror sync. */
    static final String OLD_CODER_DIGEST = "sha256:0f8e2c4a6b1d3f5e7a9c2b4d6f8e0a1c3e5b7d9f2a4c6e8b0d1f3a5c7e9b2d4f";

    private ImageScenarios() {}

    /** eu-west-2's coder pods still run last week's image: the proxy and coderd disagree. */
    static List<Change> imageMismatch(Topology t, Instant now) {
        RegionPlan.ComponentPlan coder = t.region(Scenarios.EMEA).component("coder").orElseThrow();
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < coder.pods().size(); i++) {
            Pod pod = Components.pod(coder, i, now.minus(Duration.ofDays(6)));
            pod.getStatus().getContainerStatuses().getFirst().setImageID(
                    Components.CODER.ref().substring(0, Components.CODER.ref().lastIndexOf(':')) + "@" + OLD_CODER_DIGEST);
            out.add(new Change.Put(Scenarios.EMEA, pod));
        }
        return out;
    }

    /** us-west-2's coder Service lost its NLB: EXTERNAL-IP pending for 25 minutes. */
    static List<Change> lbPending(Topology t, Instant now) {
        var service = new ServiceBuilder((Service) Components.coderService(Scenarios.OREGON))
                .editMetadata().withCreationTimestamp(now.minus(Duration.ofMinutes(25)).toString()).endMetadata()
                .withNewStatus().withNewLoadBalancer().endLoadBalancer().endStatus()
                .build();
        return List.of(new Change.Put(Scenarios.OREGON, service),
                new Change.Put(Scenarios.OREGON, ClusterEvents.service("coder", "coder", "Warning", "SyncLoadBalancerFailed",
                        "Error syncing load balancer: failed to ensure load balancer: AccessDenied: elasticloadbalancing:CreateLoadBalancer",
                        "service-controller", now.minus(Duration.ofMinutes(25)), now.minus(Duration.ofMinutes(1)), 9)));
    }

    /** The ECR pull secret of the workspaces was last refreshed 14 h ago: its token is dead, pulls get 401. */
    static List<Change> pullAuthExpired(Topology t, Instant now) {
        List<Change> out = new ArrayList<>();
        out.add(new Change.Put(Scenarios.CONTROL, PullSecrets.ecr(Workspaces.NAMESPACE, now.minus(Duration.ofHours(14)))));
        String image = PullSecrets.ECR + "/workshop-claude:2025-06";
        out.addAll(failingPulls(t, Scenarios.CONTROL, 4, image, true, now,
                "failed to pull and unpack image \"" + image + "\": failed to resolve reference \"" + image
                        + "\": pulling from host " + PullSecrets.ECR + " failed with status code [manifests 2025-06]: 401 Unauthorized"));
        return out;
    }

    /** Templates point at a tag the mirror does not have. */
    static List<Change> imageMissing(Topology t, Instant now) {
        String image = PullSecrets.ECR + "/workshop-goose:v9";
        List<Change> out = new ArrayList<>();
        out.add(new Change.Put(Scenarios.OREGON, PullSecrets.ecr(Workspaces.NAMESPACE, now.minus(Duration.ofHours(1)))));
        out.addAll(failingPulls(t, Scenarios.OREGON, 3, image, true, now,
                "rpc error: code = NotFound desc = failed to pull and unpack image \"" + image + "\": failed to resolve reference \""
                        + image + "\": " + image + ": not found"));
        return out;
    }

    /** Docker Hub throttles the anonymous pulls of the "Real World App" template. */
    static List<Change> rateLimited(Topology t, Instant now) {
        String image = "codercom/example-universal:ubuntu";
        return failingPulls(t, Scenarios.EMEA, 5, image, false, now,
                "failed to pull and unpack image \"docker.io/" + image + "\": failed to copy: httpReadSeeker: failed open: "
                        + "unexpected status code https://registry-1.docker.io/v2/codercom/example-universal/manifests/ubuntu: "
                        + "429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.");
    }

    /**
     * {@code count} workspaces of the region restarted onto {@code image} and stuck pulling it: the newest in
     * ErrImagePull, the rest backing off, each with the kubelet's Failed and BackOff events.
     */
    private static List<Change> failingPulls(Topology t, String region, int count, String image, boolean withSecret,
                                             Instant now, String message) {
        List<Change> out = new ArrayList<>();
        List<RegionPlan.WorkspacePlan> victims = t.region(region).workspaces().stream().skip(2).limit(count).toList();
        int i = 0;
        for (RegionPlan.WorkspacePlan w : victims) {
            Instant since = now.minus(Duration.ofMinutes(6 + i));
            boolean backingOff = i++ > 0;
            Pod running = Workspaces.running(w, since);
            PodBuilder b = new PodBuilder(running)
                    .editSpec().editFirstContainer().withImage(image).endContainer().endSpec()
                    .editStatus().withPhase("Pending").withConditions(Pods.condition("PodScheduled", "True", since))
                    .withContainerStatuses(new ContainerStatusBuilder().withName("dev").withImage(image)
                            .withImageID("").withReady(false).withStarted(false).withRestartCount(0)
                            .withNewState().withNewWaiting()
                            .withReason(backingOff ? "ImagePullBackOff" : "ErrImagePull")
                            .withMessage(backingOff ? "Back-off pulling image \"" + image + "\"" : message)
                            .endWaiting().endState().build())
                    .endStatus();
            if (withSecret) b.editSpec().withImagePullSecrets(new LocalObjectReference(PullSecrets.NAME)).endSpec();
            out.add(new Change.Put(region, b.build()));
            out.add(new Change.Put(region, ClusterEvents.pod(Workspaces.NAMESPACE, w.pod(), "Warning", "Failed",
                    "Failed to pull image \"" + image + "\": " + message, "kubelet", since, now.minusSeconds(40), 4)));
            out.add(new Change.Put(region, ClusterEvents.pod(Workspaces.NAMESPACE, w.pod(), "Normal", "BackOff",
                    "Back-off pulling image \"" + image + "\"", "kubelet", since.plusSeconds(20), now.minusSeconds(10), 12)));
        }
        return out;
    }
}
