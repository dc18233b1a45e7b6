package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lab's API servers answer limit and continue as a cluster does (CRUD alone sends every object at once). */
class LabListPagesTest {

    @Test
    void aListAskedForInPagesComesInPagesThatAddUpToTheWholeList(@TempDir Path tmp) throws Exception {
        try (Lab lab = Lab.start(LabKit.dir(tmp), "healthy", 6); KubernetesClient client = LabKit.client(lab, "us-west-2")) {
            List<String> whole = names(client.pods().inAnyNamespace().list().getItems());
            assertThat(whole).hasSizeGreaterThan(10);

            List<String> paged = new ArrayList<>();
            int pages = 0;
            String next = null;
            do {
                PodList page = client.pods().inAnyNamespace().list(new ListOptionsBuilder().withLimit(5L).withContinue(next).build());
                assertThat(page.getItems()).hasSizeLessThanOrEqualTo(5);
                paged.addAll(names(page.getItems()));
                next = page.getMetadata().getContinue();
                pages++;
            } while (next != null && !next.isEmpty());
            assertThat(paged).containsExactlyElementsOf(whole);
            assertThat(pages).isEqualTo((whole.size() + 4) / 5);

            assertThatThrownBy(() -> client.pods().inAnyNamespace().list(new ListOptionsBuilder().withLimit(5L).withContinue("gone:5").build()))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(410));

            // kubectl get pods asks for a Table 500 rows at a time: the token to the next page is in the Table
            HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + lab.ports().get("us-west-2") + "/api/v1/pods?limit=5"))
                    .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode table = JsonMapper.builder().build().readTree(r.body());
            assertThat(table.get("rows").size()).isEqualTo(5);
            assertThat(table.get("metadata").get("continue").asString()).isNotEmpty();
        }
    }

    @Test
    void listsComeInTheApiServersKeyOrderNotTheOrderObjectsWereMadeIn(@TempDir Path tmp) {
        // the evicted pods are made last, after every healthy one: a list in creation order has them at the end
        try (Lab lab = Lab.start(LabKit.dir(tmp), "storage-exhaustion", 6); KubernetesClient client = LabKit.client(lab, "us-west-2")) {
            List<String> whole = names(client.pods().inAnyNamespace().list().getItems());
            assertThat(whole).hasSizeGreaterThan(10).isSorted();
            List<String> paged = names(client.pods().inAnyNamespace().list(new ListOptionsBuilder().withLimit(5L).build()).getItems());
            assertThat(paged).isEqualTo(whole.subList(0, 5));
            assertThat(names(client.pods().inNamespace("coder-workspaces").list().getItems())).isSorted();
        }
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).toList();
    }
}
