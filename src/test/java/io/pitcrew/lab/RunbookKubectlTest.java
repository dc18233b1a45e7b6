package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.runbook.CommandTemplate;
import io.pitcrew.runbook.IncidentType;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.runbook.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The runbook's Diagnosis by hand: every kubectl command of its diagnosis steps (pitcrew's runbook, the commands
 * {@code pitcrew runbook} prints) run with the real kubectl against the lab in every scenario, as a responder runs
 * them: a step with {context} once per region, one without in the region at hand (its kubeconfig's current context),
 * {pod} the workspace pod that looks wrong. The healthy lab runs every step in every region; a scenario, the steps of
 * its runbook sections ({@link #sections}) in its regions, and with {@code -Dpitcrew.kubectl=all} every step. Each command must work and print what kubectl prints against a cluster (the columns of a real API
 * server's tables), and each scenario's fault must show where the runbook looks ({@link #FAULTS}) — and not show in
 * the healthy lab, so each sign tells the two apart.
 */
class RunbookKubectlTest {

    /** The one use of kubectl as a process: checking that the lab answers it as a cluster does. */
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    private static final String CONTROL = "us-east-2";
    private static final String OREGON = "us-west-2";
    private static final String EMEA = "eu-west-2";
    private static final List<String> ALL_REGIONS = List.of(CONTROL, OREGON, EMEA);

    // the runbook's steps the faults show in, by incident type and title
    private static final StepRef EPHEMERAL_VOLUMES = new StepRef("workspace-restarts", "Check ephemeral volume usage");
    private static final StepRef WORKSPACE_EVENTS = new StepRef("workspace-restarts", "Check workspace pod events");
    private static final StepRef NODE_STORAGE = new StepRef("workspace-restarts", "Check node storage across all regions");
    private static final StepRef KARPENTER_ALLOCATION = new StepRef("workspace-restarts", "Check Karpenter node allocation");
    private static final StepRef KEY_ROTATION = new StepRef("workspace-restarts", "Check if LiteLLM key rotation is happening");
    private static final StepRef NODE_USAGE = new StepRef("resource-contention", "Check cluster resource usage across all regions");
    private static final StepRef PROVISIONER_QUEUE = new StepRef("resource-contention", "Check provisioner logs for queuing");
    private static final StepRef NODECLAIMS = new StepRef("resource-contention", "Check Karpenter scaling");
    private static final StepRef KARPENTER_LOGS = new StepRef("resource-contention", "Check Karpenter logs");
    private static final StepRef WORKSPACE_COUNT = new StepRef("resource-contention", "Count concurrent workspaces");
    private static final StepRef SERVICES = new StepRef("subdomain-routing", "Check proxy configurations and that the NLBs are healthy");
    private static final StepRef PULL_ERRORS = new StepRef("image-pull", "Check pod status for image pull errors");
    private static final StepRef POD_EVENTS = new StepRef("image-pull", "Check pod events");
    private static final StepRef PULL_SECRETS = new StepRef("image-pull", "Check image pull secrets");
    private static final StepRef LITELLM_PODS = new StepRef("litellm-auth", "Check LiteLLM pod status");
    private static final StepRef LITELLM_LOGS = new StepRef("litellm-auth", "Check LiteLLM logs");
    private static final StepRef ROTATION_IN_PROGRESS = new StepRef("litellm-auth", "Check if key rotation is in progress");
    private static final StepRef LITELLM_USAGE = new StepRef("litellm-auth", "Check LiteLLM resource usage");
    private static final StepRef PROVISIONER_PODS = new StepRef("provisioner-failures", "Check provisioner pod status");
    private static final StepRef PROVISIONER_ERRORS = new StepRef("provisioner-failures", "Check provisioner logs for errors");
    private static final StepRef PROVISIONER_ROLE = new StepRef("provisioner-failures", "Check AWS IAM role used by provisioners");
    private static final StepRef API_ANSWERS = new StepRef("region-unreachable", "Check the API server answers");

    /** Where each scenario's fault shows through the runbook's kubectl diagnosis, or why it does not. */
    private static final List<Fault> FAULTS = List.of(
            Fault.in("healthy", ALL_REGIONS),
            Fault.in("storage-exhaustion", List.of(OREGON),
                    // describe shows the pod's reason; `get pods | grep Evicted` shows nothing, as on a 1.31 cluster:
                    // STATUS is the container's reason (ContainerStatusUnknown) when it has one (printPod)
                    shows(WORKSPACE_EVENTS, OREGON, line("^Status: Failed$"), line("^Reason: Evicted$"),
                            line("^Message: The node was low on resource: ephemeral-storage")),
                    shows(EPHEMERAL_VOLUMES, OREGON, line("^\"emptyDir\": \\{\\},?$"))),
            Fault.in("key-rotation", ALL_REGIONS,
                    shows(KEY_ROTATION, CONTROL, lastLine("^next rotation in "))),
            Fault.in("node-pressure", List.of(EMEA),
                    shows(NODE_STORAGE, EMEA, line(" 9[5-9]%$")),
                    shows(WORKSPACE_EVENTS, EMEA, line("^Reason: CrashLoopBackOff$"), line("^Reason: OOMKilled$"))),
            Fault.in("node-capacity", List.of(CONTROL),
                    shows(KARPENTER_LOGS, CONTROL, line("all available instance types exceed limits for nodepool")),
                    shows(WORKSPACE_EVENTS, CONTROL, line("^Status: Pending$"), line("FailedScheduling .* Insufficient cpu"))),
            Fault.in("too-many-workspaces", List.of(OREGON),
                    shows(WORKSPACE_COUNT, OREGON, line("^([89]\\d|\\d{3,})$"))),
            Fault.in("provisioner-shortage", List.of(CONTROL),
                    shows(PROVISIONER_QUEUE, CONTROL, line("queued, waiting for an available provisioner daemon"))),
            Fault.in("karpenter-stuck", List.of(EMEA),
                    shows(NODECLAIMS, EMEA, line("^\\S+ m6i\\.4xlarge on-demand eu-west-2[abc] False \\S+$")),
                    shows(KARPENTER_ALLOCATION, EMEA, line("failed launching nodeclaim")),
                    shows(WORKSPACE_EVENTS, EMEA, line("^Status: Pending$"))),
            // every claim is deleted as it fails: `get nodeclaims` shows only the healthy nodes' claims
            Fault.in("karpenter-no-capacity", List.of(OREGON),
                    shows(KARPENTER_ALLOCATION, OREGON, line("failed launching nodeclaim.*insufficient capacity")),
                    shows(WORKSPACE_EVENTS, OREGON, line("^Status: Pending$"))),
            Fault.unseen("image-mismatch", List.of(EMEA), "the pods name the same tag (:latest) everywhere; their digests "
                    + "(imageID) differ, which the runbook's jsonpath of image names does not print"),
            Fault.in("lb-pending", List.of(OREGON),
                    shows(SERVICES, OREGON, line("^coder LoadBalancer \\S+ <pending> "))),
            Fault.in("pull-auth-expired", List.of(CONTROL),
                    shows(PULL_ERRORS, CONTROL, line(" (ImagePullBackOff|ErrImagePull) ")),
                    shows(POD_EVENTS, CONTROL, line("401 Unauthorized")),
                    shows(PULL_SECRETS, CONTROL, line("^coder-workspaces ecr-pull-secret kubernetes.io/dockerconfigjson 1 "))),
            Fault.in("image-missing", List.of(OREGON),
                    shows(PULL_ERRORS, OREGON, line(" (ImagePullBackOff|ErrImagePull) ")),
                    shows(POD_EVENTS, OREGON, line("not found"))),
            Fault.in("registry-rate-limited", List.of(EMEA),
                    shows(PULL_ERRORS, EMEA, line(" (ImagePullBackOff|ErrImagePull) ")),
                    shows(POD_EVENTS, EMEA, line("429 Too Many Requests"))),
            Fault.unseen("dns-misroute", List.of(EMEA), "Cloudflare's records: the runbook looks with dig"),
            Fault.unseen("mirror-stale", List.of(CONTROL), "the registries' digests: the runbook looks with crane and aws ecr"),
            Fault.unseen("health-failing", List.of(EMEA), "/healthz: the runbook looks with curl"),
            Fault.unseen("proxy-unhealthy", List.of(EMEA), "coderd's view of its proxies: the Coder API"),
            Fault.in("provisioner-oom", List.of(CONTROL),
                    shows(PROVISIONER_PODS, CONTROL, line(" 0/1 CrashLoopBackOff "))),
            Fault.in("iam-role-missing", List.of(CONTROL),
                    shows(PROVISIONER_ROLE, CONTROL, noLine("eks.amazonaws.com/role-arn")),
                    shows(PROVISIONER_ERRORS, CONTROL, line("retrieving AWS account details"))),
            Fault.in("terraform-lock", List.of(CONTROL),
                    shows(PROVISIONER_ERRORS, CONTROL, line("Error acquiring the state lock"))),
            Fault.in("provisioner-offline", List.of(CONTROL),
                    shows(PROVISIONER_ERRORS, CONTROL, line("connect to coderd: failed to dial"))),
            Fault.unseen("builds-stuck", List.of(CONTROL), "coderd's pending jobs and their tags: the Coder API"),
            Fault.in("litellm-credentials-expired", List.of(CONTROL),
                    shows(LITELLM_LOGS, CONTROL, line("The security token included in the request is expired"))),
            Fault.in("litellm-key-rotation", List.of(CONTROL),
                    shows(ROTATION_IN_PROGRESS, CONTROL, lastLine("^next rotation in ")),
                    shows(LITELLM_LOGS, CONTROL, line("Unable to find token in cache"))),
            Fault.in("litellm-rate-limited", List.of(CONTROL),
                    shows(LITELLM_LOGS, CONTROL, line("Too many requests, please wait before trying again"))),
            Fault.in("litellm-outage", List.of(CONTROL),
                    shows(LITELLM_PODS, CONTROL, line(" 0/1 CrashLoopBackOff ")),
                    shows(LITELLM_LOGS, CONTROL, line("Application startup failed"))),
            Fault.in("litellm-capacity", List.of(CONTROL),
                    shows(LITELLM_USAGE, CONTROL, line("^litellm-\\S+ 1[89]\\d\\dm "))),
            Fault.unseen("coderd-down", List.of(CONTROL), "the runbook's Diagnosis has no step for coderd's own pods "
                    + "(docs/coverage.md: beyond the runbook's commands)"),
            Fault.unseen("proxy-down", List.of(EMEA), "the runbook's Diagnosis has no step for the proxy's own pods"),
            Fault.in("provisioners-crashloop", List.of(CONTROL),
                    shows(PROVISIONER_PODS, CONTROL, line(" 0/1 CrashLoopBackOff ")),
                    shows(PROVISIONER_ERRORS, CONTROL, line("provisioner daemon key is invalid"))),
            Fault.in("karpenter-down", List.of(OREGON),
                    shows(KARPENTER_ALLOCATION, OREGON, line("\"level\":\"FATAL\""))),
            Fault.unseen("lb-controller-down", List.of(OREGON), "kube-system's controllers: no Diagnosis step looks there, "
                    + "and the NLBs it made stay"),
            Fault.unseen("coredns-down", List.of(EMEA), "kube-system's CoreDNS: no Diagnosis step looks there"),
            Fault.in("metrics-server-down", List.of(CONTROL),
                    shows(NODE_STORAGE, CONTROL, refused("ServiceUnavailable", "^kubectl top "))),
            Fault.in("region-down", List.of(EMEA),
                    shows(API_ANSWERS, EMEA, refused("127.0.0.1:\\d+ was refused", ""))),
            // one cause behind two symptoms: the symptom shows where the runbook looks for the cause
            Fault.in("provisioner-oom-restarting", List.of(CONTROL),
                    shows(PROVISIONER_PODS, CONTROL, line(" 0/1 "))),
            Fault.in("karpenter-down-pods-waiting", List.of(OREGON),
                    shows(WORKSPACE_EVENTS, OREGON, line("^Status: Pending$"))),
            Fault.in("litellm-crash-keys-rejected", List.of(CONTROL),
                    shows(LITELLM_PODS, CONTROL, line(" 0/1 CrashLoopBackOff "))),
            // risks: what is there is healthy today; no Diagnosis step compares it with a workshop (preflight does)
            Fault.unseen("provisioners-undersized", List.of(CONTROL), "a risk: 6 provisioners for 16 participants; "
                    + "the runbook's sizing rule is in its Resolution, not a Diagnosis step"),
            Fault.unseen("litellm-undersized", List.of(CONTROL), "a risk: LiteLLM's replicas against the participants, "
                    + "which no kubectl command knows"),
            Fault.unseen("rotation-due", List.of(CONTROL), "a risk: the next rotation shows, the workshop window is in pitcrew.yaml"),
            Fault.unseen("pull-secret-expiring", List.of(CONTROL), "a risk: the secret's age shows, the workshop window is in pitcrew.yaml"),
            Fault.unseen("credentials-expiring", List.of(CONTROL), "a risk: the Secret's expiry is in its data, which the "
                    + "runbook does not print, and the window is in pitcrew.yaml"),
            Fault.unseen("workshop-over", List.of(CONTROL), "a reminder after a workshop: 10 provisioners are healthy to kubectl"));

    /** The columns kubectl prints for each kind of plain {@code get} or {@code top} the runbook runs, as against EKS. */
    private static final Map<Pattern, String> HEADERS = headers(
            "^kubectl get nodes -o wide\\b", "NAME STATUS ROLES AGE VERSION INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME",
            "^kubectl get deployment .* -o wide\\b", "NAME READY UP-TO-DATE AVAILABLE AGE CONTAINERS IMAGES SELECTOR",
            "^kubectl get nodeclaims -A\\b", "NAME TYPE CAPACITY ZONE NODE READY AGE",
            "^kubectl get nodepool\\b", "NAME NODECLASS NODES READY AGE",
            "^kubectl get svc .* -o wide\\b", "NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE SELECTOR",
            "^kubectl get pods -n \\S+ -l \\S+( --context=\\S+)?$", "NAME READY STATUS RESTARTS AGE",
            "^kubectl top nodes\\b", "NAME CPU(cores) CPU% MEMORY(bytes) MEMORY%",
            "^kubectl top pods -A\\b", "NAMESPACE NAME CPU(cores) MEMORY(bytes)",
            "^kubectl top pods -n\\b", "NAME CPU(cores) MEMORY(bytes)");

    @TempDir
    static Path dir;
    static Lab lab;
    static PitcrewConfig config;
    static Runbook runbook;
    /** What the healthy lab printed, step by step and region by region: each fault's sign must not be in it. */
    static final Map<String, Run> healthy = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        assertThat(Files.isExecutable(KUBECTL)).as("kubectl at " + KUBECTL + ": install it with .ci/deps/kubectl.sh (./run-tests does)").isTrue();
        lab = Lab.start(LabKit.dir(dir), "healthy", 12);
        config = LabKit.config(lab);
        runbook = Doctor.loadRunbook(Optional.empty());
        String kubeconfig = Files.readString(lab.kubeconfig());
        // a responder's kubeconfig with each region as the current context: steps without --context run there
        for (String region : ALL_REGIONS) {
            Files.writeString(kubeconfig(region), kubeconfig.replaceFirst("(?m)^current-context: .*$", "current-context: " + region));
        }
        Files.createDirectories(dir.resolve("home"));
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    @Test
    void everyScenarioSaysWhereItsFaultShowsAndEveryStepNamedIsTheRunbooks() {
        Set<String> described = new TreeSet<>(FAULTS.stream().map(Fault::scenario).toList());
        assertThat(described).as("a new scenario says where the runbook's kubectl shows it (FAULTS)")
                .containsAll(Scenarios.ALL.stream().map(Scenario::name).toList());
        assertThat(FAULTS.getFirst().scenario()).as("the healthy lab runs first: the faults' signs are checked against it")
                .isEqualTo("healthy");
        for (Fault f : FAULTS) {
            for (Shows s : f.shows()) {
                assertThat(step(s.step())).as(s.step() + " is a kubectl step of the runbook's diagnosis").isPresent();
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> theRunbooksKubectlCommandsReadLikeAClusterInEveryScenario() {
        return FAULTS.stream().map(fault -> DynamicTest.dynamicTest(fault.scenario(), () -> {
            lab.reset();
            if (!fault.scenario().equals("healthy")) lab.inject(fault.scenario());
            Map<String, Run> runs = runAll(fault);
            if (fault.scenario().equals("healthy")) healthy.putAll(runs);
            for (Run run : runs.values()) {
                if (fault.refuses(run)) continue;
                assertThat(run.exit()).as("%s in %s (%s) exits 0; stderr: %s", run.command(), run.region(), fault.scenario(), run.err())
                        .isZero();
                expectedHeader(run.command()).ifPresent(header -> {
                    if (!run.out().isBlank()) {
                        assertThat(collapse(run.out().lines().findFirst().orElse(""))).as("the columns of %s", run.command())
                                .isEqualTo(header);
                    }
                });
            }
            for (Shows s : fault.shows()) {
                Run run = runs.get(key(s.step(), s.region()));
                assertThat(run).as("%s ran in %s", s.step(), s.region()).isNotNull();
                for (Sign sign : s.signs()) {
                    assertThat(sign.in(run)).as("%s: `%s` in %s shows %s; it printed:%n%s%s", fault.scenario(), run.command(),
                            s.region(), sign, run.out(), run.err()).isTrue();
                    Run before = healthy.get(key(s.step(), s.region()));
                    assertThat(before).as("the healthy lab ran %s in %s first", s.step(), s.region()).isNotNull();
                    assertThat(sign.in(before)).as("%s: %s is the fault's sign, not the healthy lab's; healthy printed:%n%s%s",
                            fault.scenario(), sign, before.out(), before.err()).isFalse();
                }
            }
        }));
    }

    /** What a responder reaches for besides the Diagnosis: the same columns, describe, and the runbook's fixes. */
    @Test
    void kubectlReadsAndChangesTheLabAsACluster() throws Exception {
        lab.reset();
        assertThat(lines("kubectl get nodes")).first().isEqualTo("NAME STATUS ROLES AGE VERSION");
        assertThat(lines("kubectl get nodes").subList(1, lines("kubectl get nodes").size()))
                .allMatch(l -> l.matches("\\S+ Ready <none> \\S+ v1\\.31\\.4-eks-\\w+"));
        assertThat(lines("kubectl get events -A")).first().isEqualTo("NAMESPACE LAST SEEN TYPE REASON OBJECT MESSAGE");
        assertThat(lines("kubectl get deploy -A")).first().isEqualTo("NAMESPACE NAME READY UP-TO-DATE AVAILABLE AGE");
        assertThat(lines("kubectl get deploy -A")).anyMatch(l -> l.matches("coder coder (\\d+)/\\1 \\1 \\1 40d"));
        assertThat(lines("kubectl get svc -A")).first().isEqualTo("NAMESPACE NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE");
        assertThat(lines("kubectl get secrets -A | grep docker"))
                .anyMatch(l -> l.matches("coder ecr-pull-secret kubernetes\\.io/dockerconfigjson 1 \\S+"));
        assertThat(lines("kubectl get ns")).first().isEqualTo("NAME STATUS AGE");
        assertThat(lines("kubectl get all -n litellm")).contains("NAME READY STATUS RESTARTS AGE")
                .anyMatch(l -> l.matches("pod/litellm-\\S+ 1/1 Running 0 \\S+"))
                .anyMatch(l -> l.matches("deployment\\.apps/litellm 4/4 4 4 40d"));
        assertThat(lines("kubectl get ec2nodeclass")).containsExactly("NAME READY AGE", "default True 40d");
        assertThat(lines("kubectl get nodepool")).element(1).asString().matches("default default \\d+ True 40d");

        // describe: the object, and its events found by its uid ("5m (x3 over 11m)" is kubectl's own)
        try (KubernetesClient client = LabKit.client(lab, CONTROL)) {
            String joined = client.nodes().list().getItems().stream()
                    .max(Comparator.comparing(n -> n.getMetadata().getCreationTimestamp())).orElseThrow().getMetadata().getName();
            assertThat(lines("kubectl describe node " + joined)).contains("Conditions:")
                    .anyMatch(l -> l.matches("Normal Starting \\S+ kubelet Starting kubelet\\."));
            String metricsServer = client.pods().inNamespace("kube-system").withLabel("k8s-app", "metrics-server").list()
                    .getItems().getFirst().getMetadata().getName();
            assertThat(lines("kubectl describe pod -n kube-system " + metricsServer))
                    .anyMatch(l -> l.matches("Warning Unhealthy \\S+ \\(x3 over \\S+\\) kubelet Readiness probe failed: .*"));
        }
        assertThat(lines("kubectl describe deployment coder -n coder")).anyMatch(l -> l.matches("Replicas: (\\d+) desired \\| \\1 updated .*"));
        assertThat(lines("kubectl describe svc coder -n coder")).contains("IPs: 172.20.41.17", "Session Affinity: None")
                .anyMatch(l -> l.startsWith("LoadBalancer Ingress: k8s-coder-coder-")).anyMatch(l -> l.matches("NodePort: http \\d+/TCP"))
                .anyMatch(l -> l.matches("Endpoints: 10\\.\\d+\\.\\d+\\.\\d+:8080(,\\S+)*"));
        assertThat(lines("kubectl describe nodepool default")).contains("Kind: NodePool").anyMatch(l -> l.matches("Nodes: \\d+"));
        assertThat(lines("kubectl describe nodeclaims")).contains("Kind: NodeClaim");

        // the runbook's resolutions: scale, rollout restart and status, logs by label
        assertThat(lines("kubectl scale deployment litellm-key-rotator -n litellm --replicas=0"))
                .containsExactly("deployment.apps/litellm-key-rotator scaled");
        assertThat(lines("kubectl get deployment litellm-key-rotator -n litellm")).element(1).asString().startsWith("litellm-key-rotator 0/0 0 0 ");
        lines("kubectl scale deployment litellm-key-rotator -n litellm --replicas=1");
        assertThat(lines("kubectl rollout restart deployment/coder -n coder")).containsExactly("deployment.apps/coder restarted");
        assertThat(lines("kubectl rollout status deployment/coder -n coder --timeout=30s"))
                .containsExactly("deployment \"coder\" successfully rolled out");
        assertThat(lines("kubectl logs -l app.kubernetes.io/name=karpenter -n karpenter --tail=3")).hasSize(3)
                .allMatch(l -> l.startsWith("{\"level\":"));
        assertThat(lines("kubectl top nodes")).first().isEqualTo("NAME CPU(cores) CPU% MEMORY(bytes) MEMORY%");
    }

    /** A command's output lines in the control plane, spaces collapsed; it must work. */
    private static List<String> lines(String command) throws IOException, InterruptedException {
        Run run = kubectl(CONTROL, command);
        assertThat(run.exit()).as("`%s` exits 0; stderr: %s", command, run.err()).isZero();
        return run.out().lines().map(RunbookKubectlTest::collapse).filter(l -> !l.isEmpty()).toList();
    }

    // --- running the runbook ---------------------------------------------------------------------------------------

    /** Every kubectl step of the diagnosis, filled for the scenario's regions, run a few at a time. */
    private static Map<String, Run> runAll(Fault fault) throws InterruptedException, ExecutionException {
        Map<String, String> pods = new LinkedHashMap<>();
        for (String region : fault.regions()) pods.put(region, lookAt(region));
        Map<String, Future<Run>> pending = new LinkedHashMap<>();
        Map<String, Future<Run>> byCommand = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Set<String> sections = sections(fault);
        try {
            for (IncidentType type : runbook.types()) {
                if (!sections.contains(type.id())) continue;
                for (Step step : type.diagnosis()) {
                    if (!step.command().startsWith("kubectl ")) continue;
                    StepRef ref = new StepRef(type.id(), step.title());
                    boolean controlPlane = step.command().contains("{controlPlaneContext}");
                    for (String region : controlPlane ? List.of(CONTROL) : fault.regions()) {
                        for (String command : fill(step.command(), region, pods.getOrDefault(region, "coder-workspaces/<pod>"))) {
                            Future<Run> run = byCommand.computeIfAbsent(region + " " + command,
                                    k -> pool.submit(() -> kubectl(region, command)));
                            pending.put(key(ref, region) + (pending.containsKey(key(ref, region)) ? " " + command : ""), run);
                        }
                    }
                }
            }
            Map<String, Run> runs = new LinkedHashMap<>();
            for (var e : pending.entrySet()) runs.put(e.getKey(), e.getValue().get());
            return runs;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The runbook sections whose Diagnosis runs in a scenario. The healthy lab runs all of them: every fault's sign is
     * checked against it. A fault runs the section of the incident it is and those its signs show in — what a responder
     * following the runbook for it reaches for. Every section in every scenario (about 1,600 kubectl runs, four minutes
     * on 2 cores, a kubectl costing some 0.2 s of CPU) is {@code -Dpitcrew.kubectl=all}.
     */
    private static Set<String> sections(Fault fault) {
        if (fault.scenario().equals("healthy") || "all".equals(System.getProperty("pitcrew.kubectl"))) {
            return runbook.types().stream().map(IncidentType::id).collect(Collectors.toSet());
        }
        Set<String> sections = new TreeSet<>();
        Scenarios.byName(fault.scenario()).map(Scenario::expectedIncidentType).ifPresent(sections::add);
        fault.shows().forEach(s -> sections.add(s.step().type()));
        return sections;
    }

    /** The step's command for one region: the configured names, the region's context, the pod to look at. */
    private static List<String> fill(String template, String region, String pod) {
        String context = config.region(region).map(Region::context).orElse(region);
        return CommandTemplate.forDocument(template, config.names()).stream()
                .map(c -> c.replace("<controlPlaneContext>", config.controlPlane().map(Region::context).orElse(CONTROL))
                        .replace("<context>", context)
                        .replace("<namespace>", pod.substring(0, pod.indexOf('/')))
                        .replace("<pod>", pod.substring(pod.indexOf('/') + 1)))
                .toList();
    }

    /**
     * The workspace pod a responder looks at, as {@code namespace/name}: one that is not running well (waiting,
     * pending, failed, not ready), else the one that restarted last, else the first.
     */
    private static String lookAt(String region) {
        try (KubernetesClient client = LabKit.client(lab, region)) {
            List<Pod> pods = new ArrayList<>(client.pods().inAnyNamespace()
                    .withLabelSelector(config.names().workspaceSelector()).list().getItems());
            pods.sort(Comparator.comparing(p -> p.getMetadata().getName()));
            Optional<Pod> troubled = pods.stream().filter(RunbookKubectlTest::troubled).findFirst();
            Optional<Pod> restarted = pods.stream().filter(p -> !lastFinished(p).isEmpty())
                    .max(Comparator.comparing(RunbookKubectlTest::lastFinished));
            return troubled.or(() -> restarted).or(() -> pods.stream().findFirst())
                    .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
                    .orElse("coder-workspaces/<pod>");
        } catch (RuntimeException unreachable) {
            return "coder-workspaces/<pod>";
        }
    }

    private static boolean troubled(Pod p) {
        if (!"Running".equals(p.getStatus().getPhase())) return true;
        return p.getStatus().getContainerStatuses().stream().anyMatch(c -> !Boolean.TRUE.equals(c.getReady()));
    }

    private static String lastFinished(Pod p) {
        return p.getStatus().getContainerStatuses().stream()
                .map(ContainerStatus::getLastState)
                .filter(s -> s != null && s.getTerminated() != null && s.getTerminated().getFinishedAt() != null)
                .map(s -> s.getTerminated().getFinishedAt()).max(String::compareTo).orElse("");
    }

    /**
     * The command as the runbook writes it, pipes and all, with kubectl the machine's, the region's kubeconfig and an
     * empty home (kubectl's discovery cache). Its status is kubectl's own, whatever grep answers after it.
     */
    private static Run kubectl(String region, String command) throws IOException, InterruptedException {
        String line = KUBECTL + command.substring("kubectl".length()) + "; exit ${PIPESTATUS[0]}";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", line);
        pb.environment().put("KUBECONFIG", kubeconfig(region).toString());
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().put("PATH", "/usr/bin:/bin");
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("`%s` in %s did not finish in 60 s", command, region);
        }
        return new Run(region, command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Path kubeconfig(String region) {
        return dir.resolve("kubeconfig-" + region);
    }

    private static Optional<Step> step(StepRef ref) {
        return runbook.type(ref.type()).flatMap(t -> t.diagnosis().stream()
                .filter(s -> s.title().equals(ref.title()) && s.command().startsWith("kubectl ")).findFirst());
    }

    private static Optional<String> expectedHeader(String command) {
        boolean table = !command.contains("|") && !command.matches(".* -o (json|yaml|jsonpath|custom-columns)\\S*.*");
        if (!table || !command.matches("^kubectl (get|top) .*")) return Optional.empty();
        for (var e : HEADERS.entrySet()) {
            if (e.getKey().matcher(command).find()) return Optional.of(e.getValue());
        }
        fail("`%s` prints a table: add the columns kubectl prints for it to HEADERS", command);
        return Optional.empty();
    }

    private static String key(StepRef step, String region) {
        return step.type() + " / " + step.title() + " @ " + region;
    }

    /** A line with its runs of spaces made one, trimmed: how the signs read a table or a describe. */
    static String collapse(String line) {
        return line.strip().replaceAll("\\s+", " ");
    }

    private static Map<Pattern, String> headers(String... patternsAndHeaders) {
        Map<Pattern, String> out = new LinkedHashMap<>();
        for (int i = 0; i < patternsAndHeaders.length; i += 2) out.put(Pattern.compile(patternsAndHeaders[i]), patternsAndHeaders[i + 1]);
        return out;
    }

    // --- what a fault shows --------------------------------------------------------------------------------------

    private static Shows shows(StepRef step, String region, Sign... signs) {
        return new Shows(step, region, List.of(signs));
    }

    private static Sign line(String regex) {
        return new Sign.Line(Pattern.compile(regex));
    }

    private static Sign noLine(String regex) {
        return new Sign.NoLine(Pattern.compile(regex));
    }

    private static Sign lastLine(String regex) {
        return new Sign.LastLine(Pattern.compile(regex));
    }

    /** kubectl fails saying {@code regex}; and so may every command of the region matching {@code excuses}. */
    private static Sign refused(String regex, String excuses) {
        return new Sign.Refused(Pattern.compile(regex), Pattern.compile(excuses));
    }

    /** One runbook diagnosis step: its incident type and title. */
    record StepRef(String type, String title) {
        @Override
        public String toString() {
            return type + " \"" + title + "\"";
        }
    }

    record Run(String region, String command, int exit, String out, String err) {}

    /** Where a scenario shows: its regions (where every step runs), and its signs in them; none when unseen. */
    record Fault(String scenario, List<String> regions, List<Shows> shows, String unseenBecause) {

        static Fault in(String scenario, List<String> regions, Shows... shows) {
            return new Fault(scenario, regions, List.of(shows), null);
        }

        /** A fault the runbook's kubectl diagnosis cannot show: its steps still run, and must still work, there. */
        static Fault unseen(String scenario, List<String> regions, String because) {
            return new Fault(scenario, regions, List.of(), because);
        }

        /** A command this fault makes fail, as on a cluster: the region's API server down, an API group's service. */
        boolean refuses(Run run) {
            return shows.stream().filter(s -> s.region().equals(run.region())).flatMap(s -> s.signs().stream())
                    .anyMatch(sign -> sign instanceof Sign.Refused r && r.excuses().matcher(run.command()).find());
        }
    }

    record Shows(StepRef step, String region, List<Sign> signs) {}

    /** What a step's output holds when the fault is there. */
    sealed interface Sign {

        boolean in(Run run);

        /** Some line (spaces collapsed) matches. */
        record Line(Pattern regex) implements Sign {
            public boolean in(Run run) {
                return run.exit() == 0 && run.out().lines().map(RunbookKubectlTest::collapse).anyMatch(l -> regex.matcher(l).find());
            }

            @Override
            public String toString() {
                return "a line matching /" + regex + "/";
            }
        }

        /** The command works and no line matches: what the fault took away. */
        record NoLine(Pattern regex) implements Sign {
            public boolean in(Run run) {
                return run.exit() == 0 && run.out().lines().noneMatch(l -> regex.matcher(l).find());
            }

            @Override
            public String toString() {
                return "no line matching /" + regex + "/";
            }
        }

        /** The last line matches: what happened last (a log's tail). */
        record LastLine(Pattern regex) implements Sign {
            public boolean in(Run run) {
                List<String> lines = run.out().lines().filter(l -> !l.isBlank()).toList();
                return run.exit() == 0 && !lines.isEmpty() && regex.matcher(collapse(lines.getLast())).find();
            }

            @Override
            public String toString() {
                return "a last line matching /" + regex + "/";
            }
        }

        /** kubectl fails, saying so; the region's commands {@code excuses} finds fail with it. */
        record Refused(Pattern regex, Pattern excuses) implements Sign {
            public boolean in(Run run) {
                return run.exit() != 0 && regex.matcher(run.err()).find();
            }

            @Override
            public String toString() {
                return "a refusal matching /" + regex + "/";
            }
        }
    }
}
