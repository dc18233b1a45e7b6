package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The coder Service's EndpointSlice, as the endpoint-slice controller keeps it: its pods' IPs and readiness. */
class LabEndpointSlicesTest {

    @Test
    void theSliceFollowsTheServicesPodsAndTheirReadiness(@TempDir Path tmp) {
        try (Lab lab = Lab.start(LabKit.dir(tmp), "healthy", 2); KubernetesClient client = LabKit.client(lab, "eu-west-2")) {
            List<String> podIps = client.pods().inNamespace("coder").withLabel("app.kubernetes.io/name", "coder").list().getItems()
                    .stream().map(Pod::getStatus).map(PodStatus::getPodIP).toList();
            EndpointSlice healthy = slice(client);
            assertThat(healthy.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getPort()).as("targetPort http, resolved against the pods' container port").isEqualTo(8080);
            });
            assertThat(healthy.getEndpoints()).extracting(e -> e.getAddresses().getFirst()).containsExactlyInAnyOrderElementsOf(podIps);
            assertThat(healthy.getEndpoints()).allMatch(e -> e.getConditions().getReady());

            lab.inject("proxy-down");

            List<Endpoint> down = slice(client).getEndpoints();
            assertThat(down).isNotEmpty().noneMatch(e -> e.getConditions().getReady());
        }
    }

    private static EndpointSlice slice(KubernetesClient client) {
        List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace("coder")
                .withLabel(EndpointSlices.SERVICE_NAME, "coder").list().getItems();
        assertThat(slices).hasSize(1);
        return slices.getFirst();
    }
}
