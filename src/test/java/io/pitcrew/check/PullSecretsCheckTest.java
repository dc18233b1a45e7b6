package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.observe.PullSecret;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.pitcrew.check.SnapshotFixture.ago;
import static io.pitcrew.check.SnapshotFixture.region;
import static io.pitcrew.check.SnapshotFixture.workspace;
import static org.assertj.core.api.Assertions.assertThat;

class PullSecretsCheckTest {

    private static final String ECR = "123456789012.dkr.ecr.us-east-2.amazonaws.com";
    private final PullSecretsCheck check = new PullSecretsCheck();

    private static Pod using(String name, String secret) {
        return workspace(name, "ada").editSpec().addNewImagePullSecret(secret).endSpec().build();
    }

    @Test
    void anEcrSecretOlderThanTheTokenLivesIsStale() {
        var signals = region().pods(List.of(using("coder-a", "ecr-pull-secret"), using("coder-b", "ecr-pull-secret")))
                .pullSecrets(new PullSecret("coder-workspaces", "ecr-pull-secret", List.of(ECR), ago(Duration.ofHours(14))))
                .run(check);
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("pull-secret-stale");
            assertThat(s.evidence()).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo("Secret");
                assertThat(e.name()).isEqualTo("ecr-pull-secret");
                assertThat(e.detail()).contains(ECR).contains("14h00m ago").contains("2 pod(s)");
            });
        });
    }

    @Test
    void aSecretPodsNameButThatDoesNotExistIsMissing() {
        var signals = region().pods(List.of(using("coder-a", "ecr-pull-secret"))).run(check);
        assertThat(signals).extracting(Signal::id).containsExactly("pull-secret-missing");
        assertThat(signals.getFirst().evidence().getFirst().detail()).contains("does not exist").contains("coder-a");
    }

    @Test
    void freshUnusedOrNonEcrSecretsRaiseNothing() {
        var signals = region().pods(List.of(using("coder-a", "fresh"), using("coder-b", "ghcr")))
                .pullSecrets(new PullSecret("coder-workspaces", "fresh", List.of(ECR), ago(Duration.ofHours(3))),
                        new PullSecret("coder-workspaces", "ghcr", List.of("ghcr.io"), ago(Duration.ofDays(40))),
                        new PullSecret("coder-workspaces", "unused-old-ecr", List.of(ECR), ago(Duration.ofDays(3))))
                .run(check);
        assertThat(signals).isEmpty();
    }
}
