package io.pitcrew.runbook;

import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Names;
import io.pitcrew.config.PitcrewConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CommandTemplateTest {

    private static final String REGION = """
            regions:
              - name: us-east-2
                role: control-plane
                domain: ai.coder.com
            """;
    private static final String SCALE_OTHERS = "kubectl scale deployment {provisioner} -n {coderNamespace} --replicas=4";

    @Test
    void theRunbookWritesEveryPlaceholderOneWay() throws IOException, URISyntaxException {
        // {...} is filled or shown as <...>; a <...> written in the YAML would be a second syntax the loader cannot check
        Path dir = Path.of(CommandTemplate.class.getResource("/runbook").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                assertThat(Files.readString(f)).as(f.getFileName().toString()).doesNotContainPattern("<[a-zA-Z-]+>");
            }
        }
    }

    @Test
    void theOtherProvisionersAreTheConfiguredOnes() {
        PitcrewConfig config = withProvisioners("prov-main", "prov-gpu");

        assertThat(CommandTemplate.expand(SCALE_OTHERS, config, List.of("us-east-2"), List.of()))
                .containsExactly("kubectl scale deployment prov-gpu -n coder --replicas=4");
        assertThat(CommandTemplate.forDocument(SCALE_OTHERS, config.names()))
                .containsExactly("kubectl scale deployment prov-gpu -n coder --replicas=4");
    }

    @Test
    void withTheRunbooksProvisionersBothOthersAreScaled() {
        PitcrewConfig config = ConfigLoader.parse("pitcrew.yaml", REGION);

        assertThat(CommandTemplate.expand(SCALE_OTHERS, config, List.of("us-east-2"), List.of())).containsExactly(
                "kubectl scale deployment coder-provisioner-experimental -n coder --replicas=4",
                "kubectl scale deployment coder-provisioner-demo -n coder --replicas=4");
        assertThat(CommandTemplate.forDocument(SCALE_OTHERS, Names.defaults())).hasSize(2);
    }

    @Test
    void withOnlyTheDefaultProvisionerTheStepSaysWhatToFillIn() {
        PitcrewConfig config = withProvisioners("prov-main");

        assertThat(CommandTemplate.expand(SCALE_OTHERS, config, List.of("us-east-2"), List.of()))
                .containsExactly("kubectl scale deployment <provisioner> -n coder --replicas=4");
    }

    @Test
    void whatOnlyAPersonKnowsIsShownToBeFilledIn() {
        PitcrewConfig config = ConfigLoader.parse("pitcrew.yaml", REGION);

        assertThat(CommandTemplate.expand("aws eks update-kubeconfig --name {cluster} --region {region}", config,
                List.of("us-east-2"), List.of())).containsExactly("aws eks update-kubeconfig --name <cluster> --region us-east-2");
        assertThat(CommandTemplate.known()).contains("cluster", "aws-account-id", "provisioner", "coderNamespace", "pod");
    }

    private static PitcrewConfig withProvisioners(String... deployments) {
        StringBuilder yaml = new StringBuilder(REGION).append("names:\n  provisioners:\n");
        for (String d : deployments) yaml.append("    - {deployment: ").append(d).append(", baseline: 2}\n");
        return ConfigLoader.parse("pitcrew.yaml", yaml.toString());
    }
}
