package io.pitcrew.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pitcrew.lab.Lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** The lab's cluster administrator (its own kubeconfig): what installs a chart's objects in a region. */
final class LabAdmin {

    private LabAdmin() {}

    static KubernetesClient client(Lab lab, String region) {
        try {
            Config c = Config.fromKubeconfig(region, Files.readString(lab.kubeconfig()), lab.kubeconfig().toString());
            c.setRequestRetryBackoffLimit(0);
            return new KubernetesClientBuilder().withConfig(c).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates {@code objects} in every region of the lab, as {@code kubectl create -f} in each cluster would. */
    static void createEverywhere(Lab lab, List<HasMetadata> objects) {
        for (String region : lab.ports().keySet()) {
            try (KubernetesClient admin = client(lab, region)) {
                objects.forEach(o -> admin.resource(o).create());
            }
        }
    }
}
