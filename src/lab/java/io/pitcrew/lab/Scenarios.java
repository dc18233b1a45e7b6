package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The lab's scenarios: each one of the runbook's causes, shown the way a real platform shows it. */
public final class Scenarios {

    static final String CONTROL = "us-east-2";
    static final String OREGON = "us-west-2";
    static final String EMEA = "eu-west-2";

    public static final List<Scenario> ALL = List.of(
            new Scenario("healthy", "no fault", null, null, (t, now) -> List.of()),
            new Scenario("storage-exhaustion", "us-west-2: workspaces evicted for ephemeral storage",
                    "workspace-restarts", "ephemeral-storage-exhaustion", Scenarios::storageExhaustion),
            new Scenario("key-rotation", "key rotator rotated minutes ago; workspaces in all regions restarted",
                    "workspace-restarts", "key-rotation", Scenarios::keyRotation),
            new Scenario("node-pressure", "eu-west-2: two nodes under memory pressure, workspaces OOMKilled",
                    "workspace-restarts", "resource-contention", Scenarios::nodePressure),
            new Scenario("node-capacity", "us-east-2: NodePool at its limits, workspaces unschedulable",
                    "resource-contention", "insufficient-node-capacity", Scenarios::nodeCapacity),
            new Scenario("too-many-workspaces", "us-west-2: 80 concurrent workspaces push the cluster to 88% cpu",
                    "resource-contention", "too-many-workspaces", Scenarios::tooManyWorkspaces),
            new Scenario("provisioner-shortage", "us-east-2: 20 users, 6 provisioners, all busy, 4 builds queued in coderd",
                    "provisioner-failures", "insufficient-provisioners", Scenarios::provisionerShortage),
            new Scenario("karpenter-stuck", "eu-west-2: pods pending 8 min, NodeClaims fail to launch",
                    "resource-contention", "karpenter-not-scaling", Scenarios::karpenterStuck),
            new Scenario("karpenter-no-capacity", "us-west-2: EC2 has no capacity for the workspace instance types; Karpenter deletes each NodeClaim and tries again",
                    "resource-contention", "karpenter-not-scaling", Scenarios::karpenterNoCapacity),
            new Scenario("image-mismatch", "eu-west-2's coder pods run another build than the control plane",
                    "subdomain-routing", "image-version-mismatch", ImageScenarios::imageMismatch),
            new Scenario("lb-pending", "us-west-2's coder Service has no load balancer (EXTERNAL-IP pending)",
                    "subdomain-routing", "load-balancer-not-ready", ImageScenarios::lbPending),
            new Scenario("pull-auth-expired", "us-east-2: the workspaces' ECR pull secret is 14 h old, pulls get 401",
                    "image-pull", "registry-auth", ImageScenarios::pullAuthExpired),
            new Scenario("image-missing", "us-west-2: workspaces ask for a tag the ECR mirror does not have",
                    "image-pull", "image-missing", ImageScenarios::imageMissing),
            new Scenario("registry-rate-limited", "eu-west-2: Docker Hub rate-limits workspace image pulls (429)",
                    "image-pull", "registry-rate-limited", ImageScenarios::rateLimited),
            new Scenario("dns-misroute", "Cloudflare points *.emea-proxy.ai.coder.com at us-west-2's load balancer",
                    "subdomain-routing", "dns-misconfiguration", (t, now) -> List.of(new Change.Dns(EMEA, "*.emea-proxy.ai.coder.com",
                            new LabDns.Answer.Cname(Endpoints.elb((Service) Components.coderService(OREGON)))))),
            new Scenario("mirror-stale", "ghcr.io published a new coder-preview:latest; the ECR mirror still has the old one",
                    "subdomain-routing", "mirror-out-of-sync", (t, now) -> List.of(new Change.UpstreamPublishes(CONTROL, "v2.26.0-devel+8b2c4d1e"))),
            new Scenario("health-failing", "eu-west-2's /healthz answers 503 while its coder pods run",
                    "subdomain-routing", "health-check-failing", (t, now) -> List.of(new Change.Health(EMEA, LabHealth.State.FAILING))),
            new Scenario("proxy-unhealthy", "coderd reports the emea workspace proxy unreachable",
                    "subdomain-routing", "workspace-proxy-unhealthy", (t, now) -> List.of(new Change.Proxy(EMEA, "emea", false, "unreachable",
                            List.of("request to proxy failed: Get \"https://emea-proxy.ai.coder.com/healthz-report\": context deadline exceeded")))),
            new Scenario("provisioner-oom", "us-east-2: two default provisioners OOMKilled at 512 Mi, crash-looping",
                    "provisioner-failures", "provisioner-resource-limits", ProvisionerScenarios::oom),
            new Scenario("iam-role-missing", "us-east-2: the provisioners' service account lost its IAM role; AWS refuses builds",
                    "provisioner-failures", "iam-role", ProvisionerScenarios::iamRoleMissing),
            new Scenario("terraform-lock", "us-east-2: builds fail on a Terraform state lock left by a dead build",
                    "provisioner-failures", "terraform-state-lock", ProvisionerScenarios::terraformLock),
            new Scenario("provisioner-offline", "us-east-2: three provisioners' daemons offline in coderd while their pods run",
                    "provisioner-failures", "provisioner-daemons-offline", ProvisionerScenarios::daemonsOffline),
            new Scenario("builds-stuck", "us-east-2: gpu-workstation builds pending 12+ min; no provisioner has the pool=gpu tag",
                    "provisioner-failures", "builds-stuck", ProvisionerScenarios::buildsStuck),
            new Scenario("litellm-credentials-expired", "us-east-2: LiteLLM's Bedrock credentials expired 2 h ago; Bedrock and Vertex refuse it",
                    "litellm-auth", "credentials-expired", LiteLLMScenarios::credentialsExpired),
            new Scenario("litellm-key-rotation", "the key rotator revoked the old virtual keys a minute ago; LiteLLM rejects them",
                    "litellm-auth", "key-rotation", LiteLLMScenarios::keyRotation),
            new Scenario("litellm-rate-limited", "Bedrock throttles LiteLLM (RateLimitError / ThrottlingException)",
                    "litellm-auth", "upstream-rate-limited", LiteLLMScenarios::rateLimited),
            new Scenario("litellm-outage", "LiteLLM's readiness answers 503 and two of its replicas crash-loop",
                    "litellm-auth", "litellm-outage", LiteLLMScenarios::outage),
            new Scenario("litellm-capacity", "all four LiteLLM replicas run at 91-97% of their 2 vCPU limit",
                    "litellm-auth", "litellm-capacity-exceeded", LiteLLMScenarios::capacity),
            new Scenario("coderd-down", "us-east-2: coderd cannot reach its database; every replica crash-loops",
                    "subdomain-routing", "coderd-down", ComponentScenarios::coderdDown),
            new Scenario("proxy-down", "eu-west-2: the workspace proxy cannot register with coderd and fails its readiness probe",
                    "subdomain-routing", "workspace-proxy-unhealthy", ComponentScenarios::proxyDown),
            new Scenario("provisioners-crashloop", "us-east-2: the default provisioners' key is invalid; all six crash-loop",
                    "provisioner-failures", "provisioners-down", ComponentScenarios::provisionersCrashLoop),
            new Scenario("karpenter-down", "us-west-2: Karpenter lost its IAM role and crash-loops",
                    "resource-contention", "karpenter-down", ComponentScenarios::karpenterDown),
            new Scenario("lb-controller-down", "us-west-2: the AWS load balancer controller cannot read instance metadata and crash-loops",
                    "subdomain-routing", "load-balancer-not-ready", ComponentScenarios::loadBalancerControllerDown),
            new Scenario("coredns-down", "eu-west-2: CoreDNS detects a forwarding loop and crash-loops",
                    "subdomain-routing", "coredns-down", ComponentScenarios::corednsDown),
            new Scenario("metrics-server-down", "us-east-2: metrics-server cannot scrape the kubelets; the metrics API answers 503",
                    "resource-contention", "metrics-server-down", ComponentScenarios::metricsServerDown),
            new Scenario("provisioner-oom-restarting", "us-east-2: two default provisioners OOMKilled a minute ago, not Ready yet: 4 of 6",
                    "provisioner-failures", "provisioner-resource-limits", FoldScenarios::provisionerOomRestarting),
            new Scenario("karpenter-down-pods-waiting", "us-west-2: Karpenter crash-loops while workspaces wait 4 min for a node",
                    "resource-contention", "karpenter-not-scaling", FoldScenarios::karpenterDownPodsWaiting),
            new Scenario("litellm-crash-keys-rejected", "LiteLLM lost its database minutes after a key rotation: replicas crash, keys are rejected",
                    "litellm-auth", "litellm-outage", FoldScenarios::litellmCrashKeysRejected),
            new Scenario("provisioners-undersized", "us-east-2: 16 participants started workspaces on 6 default provisioners; nothing queues yet",
                    "resource-contention", "provisioners-undersized", RiskScenarios::provisionersUndersized),
            new Scenario("litellm-undersized", "30 participants in the proxy regions: with the staff, more users than LiteLLM's 4 replicas serve",
                    "litellm-auth", "litellm-undersized", RiskScenarios::litellmUndersized),
            new Scenario("rotation-due", "a workshop of 12 starts in 30 min for 4 h; the key rotator's next rotation falls inside it",
                    "workspace-restarts", "key-rotation-due", WindowScenarios::rotationDue),
            new Scenario("pull-secret-expiring", "a workshop from 90 min to 5h30 from now; us-east-2's ECR pull secrets expire in its middle",
                    "image-pull", "pull-secret-expires", WindowScenarios::pullSecretExpiring),
            new Scenario("credentials-expiring", "a workshop from 90 min to 5h30 from now; LiteLLM's Bedrock credentials expire in its middle",
                    "litellm-auth", "credentials-expire", WindowScenarios::credentialsExpiring),
            new Scenario("workshop-over", "a workshop of 40 ended an hour ago; the default provisioners are still at 10",
                    "resource-contention", "provisioners-raised-after-workshop", WindowScenarios::workshopOver),
            new Scenario("region-down", "eu-west-2's API server is down",
                    "region-unreachable", "connection-refused", (t, now) -> List.of(new Change.StopRegion(EMEA))));

    private Scenarios() {}

    public static Optional<Scenario> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(Scenario::name).toList();
    }

    // --- workspace restarts -----------------------------------------------------------------------------------

    /** A careless template (emptyDir without sizeLimit) fills a node's disk; the kubelet evicts workspaces. */
    static List<Change> storageExhaustion(Topology t, Instant now) {
        RegionPlan plan = t.region(OREGON);
        RegionPlan.NodePlan node = plan.nodes().getFirst();
        List<Change> out = new ArrayList<>();
        Instant pressure = now.minus(Duration.ofMinutes(6));
        out.add(new Change.Put(OREGON, Fleet.underDiskPressure(OREGON, node, pressure, now)));
        out.add(new Change.Put(OREGON, ClusterEvents.node(node.name(), "Warning", "EvictionThresholdMet",
                "Attempting to reclaim ephemeral-storage", "kubelet", pressure)));
        List<RegionPlan.WorkspacePlan> victims = plan.workspacesOn(node.name()).stream().limit(3).toList();
        int i = 0;
        for (RegionPlan.WorkspacePlan w : victims) {
            Instant evicted = now.minus(Duration.ofMinutes(5 - i));
            String used = List.of("12058356Ki", "11893412Ki", "10377128Ki").get(i++);
            String message = "The node was low on resource: ephemeral-storage. Threshold quantity: 10485760Ki, available: 8163744Ki. "
                    + "Container dev was using " + used + ", request is 0, has larger consumption of ephemeral-storage. ";
            out.add(new Change.Put(OREGON, evictedWorkspace(w, now.minus(Duration.ofHours(3)), evicted, message)));
            out.add(new Change.Put(OREGON, ClusterEvents.pod(Workspaces.NAMESPACE, w.pod(), "Warning", "Evicted", message,
                    "kubelet", evicted, evicted, 1)));
        }
        return out;
    }

    static Pod evictedWorkspace(RegionPlan.WorkspacePlan w, Instant started, Instant evicted, String message) {
        Pod pod = Workspaces.running(w, started, null);
        var terminated = new ContainerStatusBuilder(pod.getStatus().getContainerStatuses().getFirst())
                .withReady(false).withStarted(false)
                .withNewState().withNewTerminated().withExitCode(137).withReason("ContainerStatusUnknown")
                .withMessage("The container could not be located when the pod was terminated")
                .withStartedAt(started.toString()).withFinishedAt(evicted.toString()).endTerminated().endState()
                .build();
        return new PodBuilder(pod).editStatus().withPhase("Failed").withReason("Evicted").withMessage(message)
                .withConditions(Pods.condition("DisruptionTarget", "True", evicted),
                        Pods.condition("Ready", "False", evicted), Pods.condition("ContainersReady", "False", evicted),
                        Pods.condition("Initialized", "True", started), Pods.condition("PodScheduled", "True", started))
                .withContainerStatuses(terminated).endStatus().build();
    }

    /** The key rotator rotated minutes ago and restarted workspaces everywhere to pick up the new keys. */
    static List<Change> keyRotation(Topology t, Instant now) {
        List<Change> out = new ArrayList<>();
        RegionPlan.ComponentPlan rotator = t.region(CONTROL).component("litellm-key-rotator").orElseThrow();
        out.add(new Change.Logs(CONTROL, rotator.namespace(), rotator.pods().getFirst(), List.of(
                new ContainerLine(now.minus(Duration.ofSeconds(235)), "rotating LiteLLM virtual keys (42 keys, schedule every 4h30m)"),
                new ContainerLine(now.minus(Duration.ofSeconds(170)), "rotated 42 virtual keys; restarting workspaces to pick up new keys"),
                new ContainerLine(now.minus(Duration.ofSeconds(168)), "next rotation in 4h30m"))));
        for (RegionPlan plan : t.regions()) {
            List<RegionPlan.WorkspacePlan> ws = plan.workspaces();
            for (int i = 5; i < Math.min(ws.size(), 8); i++) {
                RegionPlan.WorkspacePlan w = ws.get(i);
                Instant finished = now.minus(Duration.ofSeconds(70 + 25L * i));
                Pod pod = Workspaces.running(w, now.minus(Duration.ofHours(2)));
                var restarted = new ContainerStatusBuilder(pod.getStatus().getContainerStatuses().getFirst())
                        .withRestartCount(i % 2 == 0 ? 2 : 1)
                        .withNewLastState().withNewTerminated().withExitCode(143).withReason("Error")
                        .withStartedAt(now.minus(Duration.ofHours(2)).toString()).withFinishedAt(finished.toString())
                        .endTerminated().endLastState()
                        .withNewState().withNewRunning().withStartedAt(finished.plusSeconds(4).toString()).endRunning().endState()
                        .build();
                out.add(new Change.Put(plan.region().name(), new PodBuilder(pod).editStatus()
                        .withConditions(Pods.readyConditions(finished.plusSeconds(4)))
                        .withContainerStatuses(restarted).endStatus().build()));
            }
        }
        return out;
    }

    /** Two nodes run out of memory: the kernel OOM-kills workspaces, which crash-loop. */
    static List<Change> nodePressure(Topology t, Instant now) {
        RegionPlan plan = t.region(EMEA);
        List<Change> out = new ArrayList<>();
        Instant since = now.minus(Duration.ofMinutes(9));
        for (int n = 0; n < 2; n++) {
            RegionPlan.NodePlan node = plan.nodes().get(n);
            out.add(new Change.Put(EMEA, Fleet.node(EMEA, node, now, List.of(
                    Fleet.condition("MemoryPressure", "True", "KubeletHasInsufficientMemory", "kubelet has insufficient memory available", since, now),
                    Fleet.condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now.minus(Duration.ofDays(3)), now),
                    Fleet.condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now.minus(Duration.ofDays(3)), now),
                    Fleet.condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now.minus(Duration.ofDays(3)), now)))));
            out.add(new Change.Put(EMEA, Fleet.metrics(node, node.cpuPercent(), 96 + n, now)));
            int i = 0;
            for (RegionPlan.WorkspacePlan w : plan.workspacesOn(node.name())) {
                Instant finished = now.minus(Duration.ofSeconds(100 + 40L * i));
                int restarts = 4 + i++ % 3;
                Pod pod = Workspaces.running(w, now.minus(Duration.ofHours(2)));
                var crashing = new ContainerStatusBuilder(pod.getStatus().getContainerStatuses().getFirst())
                        .withReady(false).withStarted(false).withRestartCount(restarts)
                        .withNewLastState().withNewTerminated().withExitCode(137).withReason("OOMKilled")
                        .withStartedAt(finished.minusSeconds(70).toString()).withFinishedAt(finished.toString())
                        .endTerminated().endLastState()
                        .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off 2m40s restarting failed container=dev pod=" + w.pod() + "_" + Workspaces.NAMESPACE + "(" + w.workspaceId() + ")")
                        .endWaiting().endState()
                        .build();
                out.add(new Change.Put(EMEA, new PodBuilder(pod).editStatus()
                        .withConditions(Pods.condition("Ready", "False", finished), Pods.condition("ContainersReady", "False", finished),
                                Pods.condition("Initialized", "True", now.minus(Duration.ofHours(2))),
                                Pods.condition("PodScheduled", "True", now.minus(Duration.ofHours(2))))
                        .withContainerStatuses(crashing).endStatus().build()));
                out.add(new Change.Put(EMEA, ClusterEvents.pod(Workspaces.NAMESPACE, w.pod(), "Warning", "BackOff",
                        "Back-off restarting failed container dev in pod " + w.pod() + "_" + Workspaces.NAMESPACE + "(" + w.workspaceId() + ")",
                        "kubelet", since, finished.plusSeconds(10), restarts * 3)));
            }
        }
        out.add(new Change.Put(EMEA, ClusterEvents.node(plan.nodes().getFirst().name(), "Warning", "SystemOOM",
                "System OOM encountered, victim process: node, pid: 48213", "kubelet", now.minus(Duration.ofMinutes(3)))));
        return out;
    }

    // --- resource contention ----------------------------------------------------------------------------------

    /** The NodePool reached its cpu limit: Karpenter may not add nodes and new workspaces stay Pending. */
    static List<Change> nodeCapacity(Topology t, Instant now) {
        RegionPlan plan = t.region(CONTROL);
        List<Change> out = new ArrayList<>();
        int nodes = plan.nodes().size();
        GenericKubernetesResource pool = Fleet.nodePool(nodes, Fleet.roomyCpuLimit(nodes), now);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) pool.getAdditionalProperties().get("spec"));
        spec.put("limits", Map.of("cpu", Integer.toString(nodes * Fleet.CPU_CAPACITY), "memory", Fleet.roomyCpuLimit(nodes) * 4 + "Gi"));
        pool.setAdditionalProperty("spec", spec);
        out.add(new Change.Put(CONTROL, pool));
        Ids ids = new Ids(now.toEpochMilli());
        Instant since = now.minus(Duration.ofMinutes(4));
        String message = "0/" + nodes + " nodes are available: " + nodes + " Insufficient cpu. preemption: 0/" + nodes
                + " nodes are available: " + nodes + " No preemption victims found for incoming pod.";
        for (int i = 0; i < 6; i++) {
            RegionPlan.WorkspacePlan w = HealthyBase.workspacePlan(ids, HealthyBase.STAFF.get(i), null);
            out.add(new Change.Put(CONTROL, pending(w, since.plusSeconds(i * 7L), message)));
            out.add(new Change.Put(CONTROL, ClusterEvents.pod(Workspaces.NAMESPACE, w.pod(), "Warning", "FailedScheduling",
                    message, "default-scheduler", since.plusSeconds(i * 7L), now.minusSeconds(20), 5)));
        }
        List<ContainerLine> lines = new ArrayList<>();
        for (int s = 230; s > 0; s -= 60) {
            // Real Karpenter logs this at ERROR; the runbook's rules tell it from a failing Karpenter by the NodePool
            // being at its limits.
            lines.add(new ContainerLine(now.minusSeconds(s), "{\"level\":\"ERROR\",\"time\":\"" + now.minusSeconds(s)
                    + "\",\"logger\":\"controller\",\"message\":\"could not schedule pod\",\"commit\":\"490ef94\","
                    + "\"controller\":\"provisioner\",\"reason\":\"all available instance types exceed limits for nodepool (NodePool=default)\"}"));
        }
        out.add(karpenterLog(plan, lines));
        return out;
    }

    static Pod pending(RegionPlan.WorkspacePlan w, Instant since, String message) {
        Pod pod = Workspaces.running(w, since);
        return new PodBuilder(pod).editMetadata().withCreationTimestamp(since.toString()).endMetadata()
                .editSpec().withNodeName(null).endSpec()
                .withNewStatus().withPhase("Pending").withQosClass("Guaranteed")
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage(message).withLastTransitionTime(since.toString()).endCondition()
                .endStatus().build();
    }

    /** A workshop: 80 workspaces in one region; the nodes fit them, but the cluster runs hot. */
    static List<Change> tooManyWorkspaces(Topology t, Instant now) {
        RegionPlan plan = t.region(OREGON);
        List<Change> out = new ArrayList<>();
        Ids ids = new Ids(now.toEpochMilli());
        int missing = Math.max(0, 80 - plan.workspaces().size());
        List<RegionPlan.NodePlan> nodes = new ArrayList<>(plan.nodes());
        addWorkspaces(OREGON, plan, missing, ids, now, out, nodes);
        for (RegionPlan.NodePlan n : nodes) {
            out.add(new Change.Put(OREGON, Fleet.metrics(n, 86 + Math.floorMod(n.name().hashCode(), 4), n.memoryPercent(), now)));
        }
        return out;
    }

    /** Adds running workspaces of staff users, with new nodes (and their NodeClaims) to hold them. */
    private static void addWorkspaces(String region, RegionPlan plan, int count, Ids ids, Instant now,
                                      List<Change> out, List<RegionPlan.NodePlan> nodes) {
        if (count == 0) return;
        int octet = Math.floorMod(region.hashCode(), 200) + 20;
        List<RegionPlan.NodePlan> added = new ArrayList<>();
        for (int i = 0; i < (count + HealthyBase.WORKSPACES_PER_NODE - 1) / HealthyBase.WORKSPACES_PER_NODE; i++) {
            RegionPlan.NodePlan n = HealthyBase.nodePlan(plan.region(), ids, octet, plan.nodes().size() + i, false);
            added.add(n);
            out.add(new Change.Put(region, Fleet.node(region, n, now)));
            out.add(new Change.Put(region, Fleet.metrics(n, n.cpuPercent(), n.memoryPercent(), now)));
            out.add(new Change.Put(region, Fleet.claim(n, now)));
        }
        for (int i = 0; i < count; i++) {
            RegionPlan.WorkspacePlan w = HealthyBase.workspacePlan(ids, HealthyBase.STAFF.get(i % HealthyBase.STAFF.size()),
                    added.get(i / HealthyBase.WORKSPACES_PER_NODE).name());
            Pod pod = Workspaces.running(w, now.minus(Duration.ofMinutes(20 + i % 30)));
            out.add(new Change.Put(region, pod));
            out.add(new Change.Put(region, HealthyBase.podMetrics(pod, w.cpu() * 700L, w.memoryGi() * 600L, now)));
        }
        nodes.addAll(added);
        out.add(new Change.Put(region, Fleet.nodePool(nodes.size(), Fleet.roomyCpuLimit(nodes.size()), now)));
    }

    /**
     * A workshop of 20 users on the 6 default provisioners: every daemon busy, builds queue in coderd and time out. Twenty,
     * not more: with the staff of the other regions, more would also be more users than LiteLLM's 4 replicas serve.
     */
    static List<Change> provisionerShortage(Topology t, Instant now) {
        RegionPlan plan = t.region(CONTROL);
        List<Change> out = new ArrayList<>();
        Ids ids = new Ids(now.toEpochMilli());
        List<RegionPlan.NodePlan> nodes = new ArrayList<>(plan.nodes());
        List<RegionPlan.WorkspacePlan> ws = plan.workspaces();
        int attendees = Math.min(20, ws.size());
        for (int i = 0; i < attendees; i++) {
            RegionPlan.WorkspacePlan w = ws.get(i);
            String user = String.format("attendee%02d", i + 1);
            RegionPlan.WorkspacePlan theirs = new RegionPlan.WorkspacePlan(w.pod(), w.workspaceId(), user + "-workshop",
                    UUID.nameUUIDFromBytes(user.getBytes()).toString(), user, w.node(), w.cpu(), w.memoryGi());
            out.add(new Change.Put(CONTROL, Workspaces.running(theirs, now.minus(Duration.ofMinutes(30 + i)))));
        }
        if (attendees < 16) {
            // too small a lab for a workshop: bring in attendees until there are more than largeWorkshopUsers
            List<Change> added = new ArrayList<>();
            addWorkspaces(CONTROL, plan, 16 - attendees, ids, now, added, nodes);
            int n = attendees;
            for (Change c : added) {
                if (c instanceof Change.Put(String r, Pod p)) {
                    String user = String.format("attendee%02d", ++n);
                    p.getMetadata().getLabels().put("com.coder.user.username", user);
                    p.getMetadata().getLabels().put("com.coder.user.id", UUID.nameUUIDFromBytes(user.getBytes()).toString());
                    out.add(new Change.Put(r, p));
                } else {
                    out.add(c);
                }
            }
        }
        RegionPlan.ComponentPlan provisioners = plan.component("coder-provisioner-default").orElseThrow();
        for (int p = 0; p < provisioners.pods().size(); p++) {
            List<ContainerLine> lines = new ArrayList<>();
            for (int k = 0; k < (p == 0 ? 6 : 3); k++) {
                Instant at = now.minusSeconds(40 + 90L * k + 13L * p);
                String job = ids.uuid();
                lines.add(new ContainerLine(at, k % 2 == 0
                        ? "provisionerd: job " + job + " queued, waiting for an available provisioner daemon (queue position "
                          + (7 + k) + " of 12)"
                        : "provisionerd: timeout waiting for provisioner job " + job + " to be acquired"));
            }
            out.add(new Change.Logs(CONTROL, provisioners.namespace(), provisioners.pods().get(p), lines));
        }
        // every daemon busy and four builds waiting: four more default provisioners would take them all
        out.add(ProvisionerScenarios.queue(t, now, 4));
        return out;
    }

    /**
     * Karpenter tries to add nodes and EC2 refuses the launch (here, its controller role lost ec2:RunInstances): a
     * failure that is not insufficient capacity leaves the claim with Launched=False, LaunchFailed, and Karpenter
     * retries it until its 5-minute launch timeout deletes it and a new claim starts over; pods wait meanwhile.
     */
    static List<Change> karpenterStuck(Topology t, Instant now) {
        RegionPlan plan = t.region(EMEA);
        List<Change> out = new ArrayList<>();
        Ids ids = new Ids(now.toEpochMilli());
        Instant since = now.minus(Duration.ofMinutes(8));
        String error = "creating instance, with fleet error(s), UnauthorizedOperation: You are not authorized to perform this operation.";
        // the second claim: the first was deleted at Karpenter's launch timeout, 5 min after it failed
        Instant claimed = since.plus(Duration.ofMinutes(5)).plusSeconds(40);
        RegionPlan.NodePlan claimPlan = HealthyBase.nodePlan(plan.region(), ids, 250, plan.nodes().size(), false);
        out.add(new Change.Put(EMEA, Fleet.claim(claimPlan, claimed, List.of(
                Fleet.claimCondition("Launched", "False", "LaunchFailed", error, claimed.plusSeconds(2)),
                Fleet.claimCondition("Registered", "Unknown", "AwaitingReconciliation", "object is awaiting reconciliation", claimed),
                Fleet.claimCondition("Initialized", "Unknown", "AwaitingReconciliation", "object is awaiting reconciliation", claimed),
                Fleet.claimCondition("Ready", "False", "UnhealthyDependents", "Launched=False", claimed.plusSeconds(2))), null)));
        out.addAll(waiting(plan, ids, since, now, List.of(claimPlan.claim())));
        List<ContainerLine> lines = new ArrayList<>();
        lines.add(KarpenterLog.info(claimed, "created nodeclaim", "provisioner"));
        for (int s = 130; s > 0; s -= 40) {
            lines.add(KarpenterLog.error(now.minusSeconds(s), "failed launching nodeclaim", "nodeclaim.lifecycle", claimPlan.claim(), error));
        }
        out.add(karpenterLog(plan, lines));
        return out;
    }

    /**
     * EC2 has no capacity for any of the NodePool's instance types: Karpenter deletes each claim as soon as its launch
     * fails (lifecycle/launch.go) and makes a new one on its next provisioning pass, so no claim stays to be listed. What
     * remains is each claim's InsufficientCapacityError event, the pods' nominations to claims that are gone, and the
     * controller's log.
     */
    static List<Change> karpenterNoCapacity(Topology t, Instant now) {
        RegionPlan plan = t.region(OREGON);
        List<Change> out = new ArrayList<>();
        Ids ids = new Ids(now.toEpochMilli() + 7);
        Instant since = now.minus(Duration.ofMinutes(6));
        String error = "creating instance, insufficient capacity, all requested instance types were unavailable during launch";
        List<String> claims = new ArrayList<>();
        List<ContainerLine> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String claim = HealthyBase.nodePlan(plan.region(), ids, 251, plan.nodes().size() + i, false).claim();
            Instant created = since.plusSeconds(15 + i * 80L);
            claims.add(claim);
            out.add(new Change.Put(OREGON, ClusterEvents.event("default", "NodeClaim", "karpenter.sh/v1", null, claim,
                    "Warning", "InsufficientCapacityError", "NodeClaim " + claim + " event: " + error,
                    "karpenter", created.plusSeconds(2), created.plusSeconds(2), 1)));
            lines.add(KarpenterLog.info(created, "created nodeclaim", "provisioner"));
            lines.add(KarpenterLog.error(created.plusSeconds(2), "failed launching nodeclaim", "nodeclaim.lifecycle", claim, error));
        }
        out.addAll(waiting(plan, ids, since, now, claims));
        out.add(karpenterLog(plan, lines));
        return out;
    }

    /** Karpenter's controller log in the region: its first pod's. */
    private static Change karpenterLog(RegionPlan plan, List<ContainerLine> lines) {
        RegionPlan.ComponentPlan karpenter = plan.component("karpenter").orElseThrow();
        return new Change.Logs(plan.region().name(), karpenter.namespace(), karpenter.pods().getFirst(), lines);
    }

    /** Five workspaces pending since {@code since}: no node fits them, and Karpenter nominated each to its latest claim. */
    private static List<Change> waiting(RegionPlan plan, Ids ids, Instant since, Instant now, List<String> claims) {
        String region = plan.region().name();
        int nodes = plan.nodes().size();
        String message = "0/" + nodes + " nodes are available: " + nodes + " Insufficient cpu. preemption: 0/" + nodes
                + " nodes are available: " + nodes + " No preemption victims found for incoming pod.";
        String claim = claims.getLast();
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RegionPlan.WorkspacePlan w = HealthyBase.workspacePlan(ids, HealthyBase.STAFF.get(i), null);
            out.add(new Change.Put(region, pending(w, since.plusSeconds(i * 5L), message)));
            out.add(new Change.Put(region, ClusterEvents.pod(Workspaces.NAMESPACE, w.pod(), "Warning", "FailedScheduling",
                    message, "default-scheduler", since.plusSeconds(i * 5L), now.minusSeconds(30), 8)));
            out.add(new Change.Put(region, ClusterEvents.pod(Workspaces.NAMESPACE, w.pod(), "Normal", "Nominated",
                    "Pod should schedule on: nodeclaim/" + claim, "karpenter", now.minusSeconds(60), now.minusSeconds(60), 1)));
        }
        return out;
    }
}
