package io.pitcrew.lab;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Clients for a lab, built the way pitcrew builds them: from the kubeconfig the lab wrote. */
final class LabFixture {

    static final ResourceDefinitionContext NODEPOOLS = karpenter("nodepools", "NodePool");
    static final ResourceDefinitionContext NODECLAIMS = karpenter("nodeclaims", "NodeClaim");

    private LabFixture() {}

    static KubernetesClient client(Lab lab, String context) {
        try {
            String kubeconfig = Files.readString(lab.kubeconfig());
            Config config = Config.fromKubeconfig(context, kubeconfig, lab.kubeconfig().toString());
            config.setRequestTimeout(5_000);
            config.setConnectionTimeout(2_000);
            config.setRequestRetryBackoffLimit(0);
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path dir(Path tmp) {
        return tmp.resolve("lab");
    }

    private static ResourceDefinitionContext karpenter(String plural, String kind) {
        return new ResourceDefinitionContext.Builder().withGroup("karpenter.sh").withVersion("v1")
                .withPlural(plural).withKind(kind).withNamespaced(false).build();
    }
}
