package io.pitcrew.observe;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.pitcrew.config.Names;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailsTest {

    private static final String ERROR_LINE = "{\"level\":\"error\",\"msg\":\"litellm.RateLimitError\"}";

    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        server = new KubernetesMockServer(false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
        pool.shutdownNow();
    }

    private static Pod pod(String name, Map<String, String> annotations, String... containers) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("litellm").addToLabels("app", "litellm")
                .withAnnotations(annotations).endMetadata().withNewSpec().endSpec();
        for (String c : containers) b.editSpec().addNewContainer().withName(c).withImage("img").endContainer().endSpec();
        return b.build();
    }

    /** As the API server answers a pod of several containers: 400 without a container, the log with the right one. */
    private void logOf(String pod, String container) {
        String path = "/api/v1/namespaces/litellm/pods/" + pod + "/log?timestamps=true&tailLines=50";
        server.expect().get().withPath(path).andReturn(400, Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure",
                "reason", "BadRequest", "code", 400, "message", "a container name must be specified for pod " + pod)).always();
        server.expect().get().withPath(path + "&container=" + container)
                .andReturn(200, "2026-12-05T04:50:00.123456789Z " + ERROR_LINE + "\n").always();
    }

    @Test
    void aPodWithASidecarHasTheLogOfTheContainerKubectlWouldPick() throws Exception {
        // the first container, or the one kubectl.kubernetes.io/default-container names (as Istio's injector sets it)
        logOf("litellm-7d9f-abcde", "litellm");
        logOf("litellm-7d9f-fghij", "litellm");
        List<Pod> pods = List.of(pod("litellm-7d9f-abcde", Map.of(), "litellm", "cloud-sql-proxy"),
                pod("litellm-7d9f-fghij", Map.of("kubectl.kubernetes.io/default-container", "litellm"), "istio-proxy", "litellm"));
        LogTails.Source source = new LogTails.Source(LogTail.Component.LITELLM, "litellm", "app=litellm");
        List<String> gaps = new ArrayList<>();

        List<LogTail> tails = LogTails.read(client, source, LogTails.podsOf(source, pods, List.of()), 50, pool, gaps);

        assertThat(gaps).isEmpty();
        assertThat(tails).hasSize(2).allSatisfy(t -> assertThat(t.lines()).singleElement()
                .satisfies(l -> assertThat(l.text()).isEqualTo(ERROR_LINE)));
    }

    /** A pod in kube-system, Ready or not, with these labels; run by {@code replicaSet} ({@code <deployment>-<hash>}) unless null. */
    private static Pod kubeSystemPod(String name, boolean ready, Map<String, String> labels, String replicaSet) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("kube-system").withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("metrics-server").withImage("img").endContainer().endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .endCondition().endStatus();
        if (replicaSet != null) {
            String hash = replicaSet.substring(replicaSet.lastIndexOf('-') + 1);
            b.editMetadata().addToLabels("pod-template-hash", hash).addNewOwnerReference().withApiVersion("apps/v1")
                    .withKind("ReplicaSet").withName(replicaSet).withUid("rs").withController(true)
                    .endOwnerReference().endMetadata();
        }
        return b.build();
    }

    private static final Map<String, String> HELM_LABELS =
            Map.of("app.kubernetes.io/name", "metrics-server", "app.kubernetes.io/instance", "metrics-server");

    private static final Deployment HELM_DEPLOYMENT = new DeploymentBuilder().withNewMetadata().withName("metrics-server")
            .withNamespace("kube-system").endMetadata().withNewSpec().withNewSelector().withMatchLabels(HELM_LABELS)
            .endSelector().endSpec().build();

    private static LogTails.Source metricsServer() {
        return LogTails.sources(Names.defaults()).stream()
                .filter(s -> s.component() == LogTail.Component.METRICS_SERVER).findFirst().orElseThrow();
    }

    private void metricsServerLog(String pod) {
        server.expect().get().withPath("/api/v1/namespaces/kube-system/pods/" + pod
                + "/log?timestamps=true&tailLines=50&container=metrics-server")
                .andReturn(200, "2026-12-05T04:50:00.123456789Z " + ERROR_LINE + "\n").always();
    }

    private List<LogTail> read(List<Pod> pods, List<Deployment> deployments) throws InterruptedException {
        List<String> gaps = new ArrayList<>();
        List<LogTail> tails = LogTails.read(client, metricsServer(), LogTails.podsOf(metricsServer(), pods, deployments), 50, pool, gaps);
        assertThat(gaps).isEmpty();
        return tails;
    }

    @Test
    void aComponentInstalledByItsHelmChartIsFoundByItsDeploymentsSelector() throws Exception {
        // serve: the chart labels the pods app.kubernetes.io/name, not the configured k8s-app=metrics-server
        metricsServerLog("metrics-server-5c7d-broke");
        List<Pod> pods = List.of(kubeSystemPod("metrics-server-5c7d-fine", true, HELM_LABELS, null),
                kubeSystemPod("metrics-server-5c7d-broke", false, HELM_LABELS, null),
                kubeSystemPod("other-app-broke", false, Map.of("app.kubernetes.io/name", "other-app"), null));

        assertThat(read(pods, List.of(HELM_DEPLOYMENT))).singleElement().satisfies(t -> {
            assertThat(t.pod()).isEqualTo("metrics-server-5c7d-broke");
            assertThat(t.lines()).singleElement().satisfies(l -> assertThat(l.text()).isEqualTo(ERROR_LINE));
        });
        assertThat(read(pods, List.of())).as("without the Deployment or its ReplicaSet").isEmpty();
    }

    @Test
    void withoutItsDeploymentAComponentsPodIsKnownByItsReplicaSet() throws Exception {
        // doctor: the Deployments are still being read when the logs are
        metricsServerLog("metrics-server-5c7d-broke");
        List<Pod> pods = List.of(kubeSystemPod("metrics-server-5c7d-broke", false, HELM_LABELS, "metrics-server-5c7d"),
                kubeSystemPod("other-app-5c7d-broke", false, Map.of("app.kubernetes.io/name", "other-app"), "other-app-5c7d"),
                // another Deployment's whose name begins as the component's does
                kubeSystemPod("metrics-server-api-5c7d-broke", false, HELM_LABELS, "metrics-server-api-5c7d"));

        assertThat(read(pods, List.of())).extracting(LogTail::pod).containsExactly("metrics-server-5c7d-broke");
    }

    @Test
    void theConfiguredSelectorStillFindsThePods() throws Exception {
        metricsServerLog("metrics-server-85b9-broke");
        Map<String, String> manifest = Map.of("k8s-app", "metrics-server");
        List<Pod> pods = List.of(kubeSystemPod("metrics-server-85b9-fine", true, manifest, null),
                kubeSystemPod("metrics-server-85b9-broke", false, manifest, null));

        assertThat(read(pods, List.of())).extracting(LogTail::pod).containsExactly("metrics-server-85b9-broke");
        assertThat(read(pods, List.of(HELM_DEPLOYMENT))).as("whatever the Deployment selects")
                .extracting(LogTail::pod).containsExactly("metrics-server-85b9-broke");
    }
}
