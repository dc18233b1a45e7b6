package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LabTopologyTest {

    @RegisterExtension
    static final LabExtension shared = LabExtension.healthy(24);

    @Test
    void writesKubeconfigConfigAndState(Lab lab) throws Exception {
        assertThat(Files.readString(lab.kubeconfig())).contains("current-context: us-east-2")
                .contains("server: http://127.0.0.1:" + lab.ports().get("eu-west-2"));
        assertThat(Files.readString(lab.config()))
                .contains("- {name: us-west-2, context: us-west-2, role: proxy, domain: oregon-proxy.ai.coder.com}");
        assertThat(lab.dir().resolve("lab.json")).content().contains("\"controlPort\" : " + lab.controlPort());
    }

    @Test
    void filesHoldingCredentialsAreTheOwnersOnly(Lab lab) throws Exception {
        // the kubeconfig holds the regions' bearer tokens
        assertThat(Files.readString(lab.kubeconfig())).contains("token: lab-token-");
        for (String f : List.of(LabFiles.KUBECONFIG, LabFiles.MIRROR_PASSWORD, LabFiles.CODER_TOKEN, LabFiles.LITELLM_KEY)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lab.dir().resolve(f)))).as(f).isEqualTo("rw-------");
        }
    }

    @Test
    void everyRegionRunsItsWorkspacesOnItsNodes(Lab lab) {
        for (String region : List.of("us-east-2", "us-west-2", "eu-west-2")) {
            try (KubernetesClient client = LabKit.client(lab, region)) {
                List<Pod> workspaces = client.pods().inAnyNamespace()
                        .withLabel("app.kubernetes.io/name", "coder-workspace").list().getItems();
                assertThat(workspaces).hasSize(24).allSatisfy(p -> {
                    assertThat(p.getStatus().getPhase()).isEqualTo("Running");
                    assertThat(p.getSpec().getNodeName()).endsWith("." + region + ".compute.internal");
                    assertThat(p.getMetadata().getLabels()).containsKeys("com.coder.user.username", "com.coder.workspace.id");
                });
                assertThat(client.nodes().list().getItems()).hasSize(9)
                        .allSatisfy(n -> assertThat(n.getMetadata().getLabels()).containsEntry("karpenter.sh/nodepool", "default"));
                assertThat(client.top().nodes().metrics().getItems()).hasSize(9);
                assertThat(client.genericKubernetesResources(LabKit.NODEPOOLS).list().getItems()).hasSize(1);
                assertThat(client.genericKubernetesResources(LabKit.NODECLAIMS).list().getItems()).hasSize(9);
                assertThat(client.apps().deployments().inNamespace("karpenter").withName("karpenter").get()).isNotNull();
            }
        }
    }

    @Test
    void coderRunsTheSameDigestEverywhere(Lab lab) {
        Set<String> digests = new HashSet<>();
        for (String region : List.of("us-east-2", "us-west-2", "eu-west-2")) {
            try (KubernetesClient client = LabKit.client(lab, region)) {
                List<Pod> coder = client.pods().inNamespace("coder").withLabel("app.kubernetes.io/name", "coder").list().getItems();
                assertThat(coder).hasSizeBetween(2, 3);
                coder.forEach(p -> digests.add(p.getStatus().getContainerStatuses().getFirst().getImageID()));
            }
        }
        assertThat(digests).hasSize(1);
        assertThat(digests.iterator().next()).contains(".dkr.ecr.us-east-2.amazonaws.com/coder-preview@sha256:");
    }

    @Test
    void everyDeploymentsPodsNameTheirReplicaSetByTheirPodTemplateHash(Lab lab) {
        // as the Deployment controller makes them: ReplicaSet <deployment>-<hash>, and the hash on each of its pods
        int checked = 0;
        for (String region : List.of("us-east-2", "us-west-2", "eu-west-2")) {
            try (KubernetesClient client = LabKit.client(lab, region)) {
                for (var d : client.apps().deployments().inAnyNamespace().list().getItems()) {
                    List<Pod> pods = client.pods().inNamespace(d.getMetadata().getNamespace())
                            .withLabels(d.getSpec().getSelector().getMatchLabels()).list().getItems();
                    checked += pods.size();
                    assertThat(pods).as(region + " " + d.getMetadata().getName()).allSatisfy(p ->
                            assertThat(p.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
                                assertThat(o.getKind()).isEqualTo("ReplicaSet");
                                assertThat(o.getName()).isEqualTo(d.getMetadata().getName() + "-" + p.getMetadata().getLabels().get("pod-template-hash"));
                            }));
                }
            }
        }
        assertThat(checked).as("pods run by Deployments").isGreaterThan(30);
    }

    @Test
    void controlPlaneRunsProvisionersAndLitellm(Lab lab) {
        try (KubernetesClient client = LabKit.client(lab, "us-east-2")) {
            assertThat(client.apps().deployments().inNamespace("coder").withLabel("app", "coder-provisioner").list().getItems())
                    .extracting(d -> d.getMetadata().getName() + "=" + d.getStatus().getReadyReplicas())
                    .containsExactlyInAnyOrder("coder-provisioner-default=6", "coder-provisioner-experimental=2", "coder-provisioner-demo=2");
            assertThat(client.pods().inNamespace("litellm").withLabel("app", "litellm").list().getItems()).hasSize(4);
        }
        try (KubernetesClient client = LabKit.client(lab, "us-west-2")) {
            assertThat(client.apps().deployments().inNamespace("coder").withLabel("app", "coder-provisioner").list().getItems()).isEmpty();
        }
    }

    @Test
    void logsComeWithKubeletTimestampsAndHonourTailLines(Lab lab) {
        try (KubernetesClient client = LabKit.client(lab, "us-east-2")) {
            Pod rotator = client.pods().inNamespace("litellm").withLabel("app", "litellm-key-rotator").list().getItems().getFirst();
            String log = client.pods().inNamespace("litellm").withName(rotator.getMetadata().getName())
                    .usingTimestamps().tailingLines(3).getLog();
            String[] lines = log.split("\n");
            assertThat(lines).hasSize(3).allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z .+"));
            String all = client.pods().inNamespace("litellm").withName(rotator.getMetadata().getName()).getLog();
            assertThat(all).contains("rotated 38 virtual keys").doesNotStartWith("20");
        }
    }
}
