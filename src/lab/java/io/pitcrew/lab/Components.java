package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.pitcrew.config.Names;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The platform's own Deployments: Coder, its provisioners, LiteLLM and its key rotator, Karpenter, and the cluster
 * add-ons every region runs in kube-system (the AWS load balancer controller, metrics-server, CoreDNS).
 */
final class Components {

    static final String ACCOUNT = "614871946825";
    /** coder-preview:latest as mirrored to ECR; every region runs the same digest while the mirror is in sync. */
    static final Pods.Image CODER = new Pods.Image(ACCOUNT + ".dkr.ecr.us-east-2.amazonaws.com/coder-preview:latest",
            "sha256:3f9a6c1e8b2d4f7a0c5e9b1d3a6f8c2e4b7d9a1c3e5f7b9d2a4c6e8f0b1d3a5c");
    static final Pods.Image LITELLM = new Pods.Image("ghcr.io/berriai/litellm:main-v1.74.3",
            "sha256:b1d3f5a7c9e2b4d6f8a0c2e4b6d8f1a3c5e7b9d0f2a4c6e8b1d3f5a7c9e0b2d4");
    static final Pods.Image KEY_ROTATOR = new Pods.Image(ACCOUNT + ".dkr.ecr.us-east-2.amazonaws.com/litellm-key-rotator:1.4.2",
            "sha256:0c2e4a6b8d1f3c5e7a9b2d4f6c8e0a1b3d5f7c9e2a4b6d8f0c1e3a5b7d9f2c4e");
    static final Pods.Image KARPENTER = new Pods.Image("public.ecr.aws/karpenter/controller:1.1.1",
            "sha256:9e7c5a3f1d8b6e4c2a0f9d7b5e3c1a8f6d4b2e0c9a7f5d3b1e8c6a4f2d0b9e7c");
    static final Pods.Image LB_CONTROLLER = new Pods.Image("public.ecr.aws/eks/aws-load-balancer-controller:v2.8.2",
            "sha256:4d2b6f8a0c1e3f5a7b9d0e2c4a6f8b1d3e5c7a9f0b2d4e6a8c1f3b5d7e9a0c2f");
    static final Pods.Image METRICS_SERVER = new Pods.Image("registry.k8s.io/metrics-server/metrics-server:v0.7.2",
            "sha256:ffcb2bf004d6aa0a17d90e0247cf94f2865c8901dcab4427034c341951c239f9");
    static final Pods.Image COREDNS = new Pods.Image("registry.k8s.io/coredns/coredns:v1.11.1",
            "sha256:1eeb4c7316bacb1d4c8ead65571cd92dd21e27359f0d4917f1a5822a73b75db1");
    private static final List<Pods.Image> IMAGES = List.of(CODER, LITELLM, KEY_ROTATOR, KARPENTER, LB_CONTROLLER, METRICS_SERVER, COREDNS);

    private Components() {}

    /** The Deployments a region runs; provisioners and LiteLLM only in the control plane. */
    static List<RegionPlan.ComponentPlan> plan(boolean controlPlane, List<String> nodes, Ids ids) {
        List<RegionPlan.ComponentPlan> out = new ArrayList<>();
        out.add(component(ids, nodes, "coder", "coder", labels("app.kubernetes.io/name", "coder",
                "app.kubernetes.io/instance", "coder"), "coder", CODER, "2", "4Gi", controlPlane ? 3 : 2));
        if (controlPlane) {
            for (var p : Names.defaults().provisioners()) {
                out.add(component(ids, nodes, "coder", p.deployment(), labels("app", "coder-provisioner",
                        "coder.com/provisioner-pool", p.deployment().substring("coder-provisioner-".length())),
                        "coder", CODER, "500m", "512Mi", p.baseline()));
            }
            out.add(component(ids, nodes, "litellm", "litellm", labels("app", "litellm"), "litellm", LITELLM, "2", "4Gi", 4));
            out.add(component(ids, nodes, "litellm", "litellm-key-rotator", labels("app", "litellm-key-rotator"),
                    "rotator", KEY_ROTATOR, "100m", "128Mi", 1));
        }
        out.add(component(ids, nodes, "karpenter", "karpenter", labels("app.kubernetes.io/name", "karpenter",
                "app.kubernetes.io/instance", "karpenter"), "controller", KARPENTER, "1", "1Gi", 1));
        out.add(component(ids, nodes, "kube-system", "aws-load-balancer-controller", labels("app.kubernetes.io/name",
                "aws-load-balancer-controller", "app.kubernetes.io/instance", "aws-load-balancer-controller"),
                "aws-load-balancer-controller", LB_CONTROLLER, "100m", "256Mi", 2));
        out.add(component(ids, nodes, "kube-system", "metrics-server", labels("k8s-app", "metrics-server"), "metrics-server",
                METRICS_SERVER, "100m", "200Mi", 1));
        out.add(component(ids, nodes, "kube-system", "coredns", labels("k8s-app", "kube-dns", "eks.amazonaws.com/component", "coredns"),
                "coredns", COREDNS, "100m", "170Mi", 2));
        return out;
    }

    private static RegionPlan.ComponentPlan component(Ids ids, List<String> nodes, String namespace, String deployment,
                                                      Map<String, String> labels, String container, Pods.Image image,
                                                      String cpu, String memory, int replicas) {
        String replicaSet = deployment + "-" + ids.suffix(10);
        List<String> pods = new ArrayList<>();
        List<String> podNodes = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            pods.add(replicaSet + "-" + ids.suffix(5));
            podNodes.add(nodes.get(ids.between(0, nodes.size() - 1)));
        }
        return new RegionPlan.ComponentPlan(namespace, deployment, labels, container, image.ref(), cpu, memory,
                List.copyOf(pods), List.copyOf(podNodes));
    }

    /** The platform image a reference names, with the digest its tag points at now; empty for another image. */
    static Optional<Pods.Image> imageByRef(String ref) {
        return IMAGES.stream().filter(i -> i.ref().equals(ref)).findFirst();
    }

    static Pods.Image image(RegionPlan.ComponentPlan c) {
        return IMAGES.stream().filter(i -> i.ref().equals(c.image())).findFirst().orElseThrow();
    }

    static Deployment deployment(RegionPlan.ComponentPlan c, int replicas, int ready, Instant now) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(c.deployment()).withNamespace(c.namespace()).withLabels(c.labels())
                .withCreationTimestamp(now.minus(Duration.ofDays(40)).toString())
                .addToAnnotations("deployment.kubernetes.io/revision", "7").withGeneration(7L)
                .endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(c.labels()).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(c.labels()).endMetadata()
                .withNewSpec().addNewContainer().withName(c.container()).withImage(c.image()).withPorts(ports(c))
                .withResources(Pods.resources(c.cpu(), c.memory())).endContainer().endSpec()
                .endTemplate()
                .withNewStrategy().withType("RollingUpdate").endStrategy()
                .endSpec()
                .withNewStatus().withObservedGeneration(7L).withReplicas(replicas).withUpdatedReplicas(replicas)
                .withReadyReplicas(ready).withAvailableReplicas(ready)
                .withUnavailableReplicas(replicas > ready ? replicas - ready : null)
                .addNewCondition().withType("Available").withStatus(ready >= replicas ? "True" : "False")
                .withReason(ready >= replicas ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                .withMessage(ready >= replicas ? "Deployment has minimum availability." : "Deployment does not have minimum availability.")
                .withLastTransitionTime(now.minus(Duration.ofDays(2)).toString()).withLastUpdateTime(now.minus(Duration.ofDays(2)).toString())
                .endCondition()
                .addNewCondition().withType("Progressing").withStatus("True").withReason("NewReplicaSetAvailable")
                .withMessage("ReplicaSet \"" + replicaSet(c) + "\" has successfully progressed.")
                .withLastTransitionTime(now.minus(Duration.ofDays(2)).toString()).withLastUpdateTime(now.minus(Duration.ofDays(2)).toString())
                .endCondition()
                .endStatus()
                .build();
    }

    static String replicaSet(RegionPlan.ComponentPlan c) {
        String pod = c.pods().isEmpty() ? c.deployment() + "-x-x" : c.pods().getFirst();
        return pod.substring(0, pod.lastIndexOf('-'));
    }

    static Pod pod(RegionPlan.ComponentPlan c, int i, Instant started) {
        Pod pod = Pods.running(c.namespace(), c.pods().get(i), c.labels(), replicaSet(c), c.podNodes().get(i),
                c.container(), image(c), Pods.resources(c.cpu(), c.memory()), List.of(), started,
                "10.2." + Math.floorMod(c.pods().get(i).hashCode(), 250) + "." + (10 + i));
        pod.getSpec().getContainers().getFirst().setPorts(ports(c));
        // Provisioners run as their chart's service account, which carries the IAM role (IRSA).
        if (c.deployment().startsWith("coder-provisioner")) pod.getSpec().setServiceAccountName(ProvisionerScenarios.SERVICE_ACCOUNT);
        // Images from the private ECR mirror are pulled with the ECR pull secret, as on the real platform.
        if (image(c).ref().startsWith(PullSecrets.ECR)) {
            pod.getSpec().setImagePullSecrets(List.of(new LocalObjectReference(PullSecrets.NAME)));
        }
        return pod;
    }

    /** coderd and the workspace proxies listen where the chart's Service sends traffic (targetPort http). */
    static List<ContainerPort> ports(RegionPlan.ComponentPlan c) {
        return c.deployment().equals("coder")
                ? List.of(new ContainerPortBuilder().withName("http").withContainerPort(8080).withProtocol("TCP").build())
                : List.of();
    }

    static List<HasMetadata> objects(RegionPlan.ComponentPlan c, Instant now) {
        List<HasMetadata> out = new ArrayList<>();
        out.add(deployment(c, c.pods().size(), c.pods().size(), now));
        for (int i = 0; i < c.pods().size(); i++) {
            Pod pod = pod(c, i, now.minus(Duration.ofHours(26 + i)));
            out.add(pod);
            out.add(usage(c, pod, 20 + 3 * i % 10, 35 + 5 * i % 15, now));
        }
        return out;
    }

    /** A component pod's metrics.k8s.io usage at the given percentages of its limits (healthy: well below). */
    static HasMetadata usage(RegionPlan.ComponentPlan c, Pod pod, int cpuPercent, int memoryPercent, Instant now) {
        long cpuMillis = new Quantity(c.cpu()).getNumericalAmount().movePointRight(3).longValue() * cpuPercent / 100;
        long memoryMi = new Quantity(c.memory()).getNumericalAmount().longValue() / (1024 * 1024) * memoryPercent / 100;
        return HealthyBase.podMetrics(pod, cpuMillis, memoryMi, now);
    }

    /** The coder Service: a LoadBalancer with the ELB hostname the region's domain points at. */
    static HasMetadata coderService(String region) {
        return new ServiceBuilder()
                .withNewMetadata().withName("coder").withNamespace("coder")
                .withLabels(labels("app.kubernetes.io/name", "coder", "app.kubernetes.io/instance", "coder")).endMetadata()
                .withNewSpec().withType("LoadBalancer").withSelector(labels("app.kubernetes.io/name", "coder"))
                .addNewPort().withName("http").withPort(80).withProtocol("TCP")
                .withTargetPort(new IntOrString("http")).endPort()
                .withClusterIP("172.20.41.17").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress()
                .withHostname("k8s-coder-coder-" + Integer.toHexString(region.hashCode()) + "-1843921175.elb." + region + ".amazonaws.com")
                .endIngress().endLoadBalancer().endStatus()
                .build();
    }

    /** A finished backup Job's pod: Succeeded pods are everywhere and are not a problem. */
    static Pod completedJob(String name, String node, Instant finished) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("coder")
                .withLabels(labels("job-name", name.substring(0, name.lastIndexOf('-')), "app", "coder-db-backup"))
                .withCreationTimestamp(finished.minusSeconds(95).toString())
                .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName(name.substring(0, name.lastIndexOf('-')))
                .withUid(UUID.nameUUIDFromBytes(name.getBytes()).toString()).withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().withNodeName(node).withRestartPolicy("Never")
                .addNewContainer().withName("backup").withImage("postgres:16-alpine").endContainer().endSpec()
                .withNewStatus().withPhase("Succeeded").withHostIP(Pods.hostIp(node)).withStartTime(finished.minusSeconds(90).toString())
                .withConditions(Pods.condition("Ready", "False", finished), Pods.condition("PodScheduled", "True", finished.minusSeconds(94)))
                .addNewContainerStatus().withName("backup").withReady(false).withRestartCount(0).withImage("postgres:16-alpine")
                .withImageID("docker.io/library/postgres@sha256:4e1a8d2c6b9f3e7a5c1d8b4f2a6e9c3d7b5a1f8e4c2d6b9a3f7e5c1d8b4a2f6e")
                .withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
                .withStartedAt(finished.minusSeconds(88).toString()).withFinishedAt(finished.toString()).endTerminated().endState()
                .endContainerStatus()
                .endStatus().build();
    }

    static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}
