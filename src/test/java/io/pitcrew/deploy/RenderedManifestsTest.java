package io.pitcrew.deploy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.pitcrew.deploy.Chart.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/manifests holds the chart rendered for those who do not use Helm; each file is exactly what
 * {@code helm template} makes of the chart with the values its first line names. After a change to the chart, write
 * them again with {@code ./mvnw test -Dtest=RenderedManifestsTest -Dmanifests.write}.
 */
@Tag("chart")
class RenderedManifestsTest {

    static final Path DIR = Manifests.DIR;

    /** File, and the values it is rendered with (besides the defaults). */
    static final Map<String, Map<String, Object>> FILES = Map.of(
            "pitcrew.yaml", values(),
            "pitcrew-region.yaml", values("serve.enabled", false),
            "pitcrew-fix-rbac.yaml", values("serve.enabled", false, "serviceAccount.create", false, "serviceAccount.name", "pitcrew",
                    "rbac.create", false, "rbac.fix.enabled", true));

    @Test
    void eachFileIsTheChartRenderedWithItsValues() throws IOException {
        List<String> stale = new ArrayList<>();
        for (var file : FILES.entrySet()) {
            String rendered = header(file.getValue()) + Chart.template(file.getValue());
            Path path = DIR.resolve(file.getKey());
            if (System.getProperty("manifests.write") != null) Files.writeString(path, rendered);
            if (!Files.exists(path) || !Files.readString(path).equals(rendered)) stale.add(path.toString());
        }
        assertThat(stale).as("not what the chart renders now; write them again: ./mvnw test -Dtest=RenderedManifestsTest -Dmanifests.write")
                .isEmpty();
    }

    @Test
    void noFileIsLeftOver() throws IOException {
        try (var files = Files.list(DIR)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")))
                    .containsExactlyInAnyOrderElementsOf(FILES.keySet());
        }
    }

    private static String header(Map<String, Object> values) {
        String set = values.entrySet().stream().map(e -> " --set " + e.getKey() + "=" + e.getValue()).collect(Collectors.joining());
        return "# helm template pitcrew deploy/helm/pitcrew --namespace pitcrew" + set + "\n"
                + "# Rendered from the chart; RenderedManifestsTest keeps it so. kubectl create namespace pitcrew, then kubectl apply -f this file.\n";
    }
}
