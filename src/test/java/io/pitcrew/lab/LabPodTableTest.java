package io.pitcrew.lab;

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

/** kubectl's default columns against the lab: a server-side Table for kubectl, a PodList for everyone else. */
class LabPodTableTest {

    @Test
    void podListsComeAsTablesWhenKubectlAsksForOne(@TempDir Path tmp) throws Exception {
        try (Lab lab = Lab.start(LabKit.dir(tmp), "storage-exhaustion", 6)) {
            HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + lab.ports().get("us-west-2") + "/api/v1/pods"))
                    .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode table = JsonMapper.builder().build().readTree(r.body());
            assertThat(table.get("kind").asString()).isEqualTo("Table");
            assertThat(table.get("columnDefinitions")).extracting(c -> c.get("name").asString())
                    .startsWith("Name", "Ready", "Status", "Restarts", "Age");
            List<String> statuses = new ArrayList<>();
            table.get("rows").forEach(row -> statuses.add(row.get("cells").get(2).asString()));
            // printPod puts a container's reason over the pod's: the evicted pods' containers were gone when the kubelet
            // wrote their last status, so STATUS is ContainerStatusUnknown on a cluster, not the pod's reason, Evicted
            assertThat(statuses).contains("Running").filteredOn("ContainerStatusUnknown"::equals).hasSize(3);
            assertThat(statuses).doesNotContain("Evicted");
            assertThat(table.get("rows").get(0).get("object").get("metadata").get("namespace").asString()).isNotEmpty();

            // pitcrew's own client asks for plain JSON and still gets a PodList
            HttpResponse<String> plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + lab.ports().get("us-west-2") + "/api/v1/pods")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(JsonMapper.builder().build().readTree(plain.body()).get("kind").asString()).isEqualTo("PodList");
        }
    }
}
