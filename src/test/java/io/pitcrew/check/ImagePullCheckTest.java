package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static io.pitcrew.check.SnapshotFixture.agoText;
import static io.pitcrew.check.SnapshotFixture.region;
import static io.pitcrew.check.SnapshotFixture.workspace;
import static org.assertj.core.api.Assertions.assertThat;

class ImagePullCheckTest {

    private final ImagePullCheck check = new ImagePullCheck();

    private static Pod pulling(String name, String reason, String message) {
        return workspace(name, "ada").editStatus().withPhase("Pending").addNewContainerStatus().withName("dev").withReady(false)
                .withRestartCount(0).withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                .endContainerStatus().endStatus().build();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "image-pull-auth         | failed to pull and unpack image \"123.dkr.ecr.us-east-2.amazonaws.com/claude:v3\": failed to resolve reference: pulling from host 123.dkr.ecr.us-east-2.amazonaws.com failed with status code [manifests v3]: 401 Unauthorized",
            "image-pull-auth         | rpc error: code = Unknown desc = Error response from daemon: Get https://123.dkr.ecr.us-east-2.amazonaws.com/v2/claude/manifests/v3: no basic auth credentials",
            "image-pull-not-found    | rpc error: code = NotFound desc = failed to pull and unpack image \"123.dkr.ecr.us-east-2.amazonaws.com/goose:v9\": not found",
            "image-pull-rate-limited | failed to pull image \"ghcr.io/coder/coder-preview:latest\": 429 Too Many Requests - Server message: toomanyrequests: retry-after: 61s",
            "image-pull-not-found    | rpc error: code = NotFound desc = failed to pull and unpack image \"742942910012.dkr.ecr.us-east-2.amazonaws.com/goose:v9\": failed to resolve reference \"742942910012.dkr.ecr.us-east-2.amazonaws.com/goose:v9\": 742942910012.dkr.ecr.us-east-2.amazonaws.com/goose:v9: not found",
            "image-pull-auth         | failed to pull and unpack image \"742942910012.dkr.ecr.us-east-2.amazonaws.com/goose:v9\": failed to resolve reference \"742942910012.dkr.ecr.us-east-2.amazonaws.com/goose:v9\": unexpected status from HEAD request to https://742942910012.dkr.ecr.us-east-2.amazonaws.com/v2/goose/manifests/v9: 403 Forbidden",
            "image-pull-rate-limited | failed to pull and unpack image \"742942910012.dkr.ecr.us-east-2.amazonaws.com/goose:v9\": failed to resolve reference \"742942910012.dkr.ecr.us-east-2.amazonaws.com/goose:v9\": unexpected status from HEAD request to https://742942910012.dkr.ecr.us-east-2.amazonaws.com/v2/goose/manifests/v9: 429 Too Many Requests",
            "image-pull-unreachable  | failed to do request: Head \"https://123.dkr.ecr.us-east-2.amazonaws.com/v2/claude/manifests/v3\": dial tcp 10.0.3.7:443: i/o timeout",
    })
    void errImagePullIsSortedByTheKubeletsWords(String signal, String message) {
        List<Signal> signals = region().pods(List.of(pulling("coder-a", "ErrImagePull", message))).run(check);
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(signal);
            assertThat(s.affected()).isEqualTo(1);
            assertThat(s.evidence().getFirst().name()).isEqualTo("coder-a");
            assertThat(s.evidence().getFirst().detail()).startsWith("ErrImagePull (container dev): ").contains(message);
        });
    }

    @Test
    void backOffTakesItsReasonFromThePodsLastFailedEvent() {
        var snapshot = region()
                .pods(List.of(pulling("coder-b", "ImagePullBackOff", "Back-off pulling image \"123.dkr.ecr.us-east-2.amazonaws.com/claude:v3\""),
                        pulling("coder-c", "ImagePullBackOff", "Back-off pulling image \"x\"")))
                .events((new EventBuilder().withNewMetadata().withName("e1").withNamespace("coder-workspaces").endMetadata()
                        .withNewInvolvedObject().withKind("Pod").withNamespace("coder-workspaces").withName("coder-b").endInvolvedObject()
                        .withType("Warning").withReason("Failed").withLastTimestamp(agoText(Duration.ofMinutes(1)))
                        .withMessage("Failed to pull image \"123.dkr.ecr.us-east-2.amazonaws.com/claude:v3\": 403 Forbidden").build()));
        List<Signal> signals = snapshot.run(check);
        // coder-c has no event saying why: it is not guessed at
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("image-pull-auth");
            assertThat(s.evidence()).singleElement().satisfies(e -> assertThat(e.detail()).contains("403 Forbidden"));
        });
    }

    @Test
    void runningPodsAndOldFailuresRaiseNothing() {
        var snapshot = region().pods(List.of(workspace("fine", "ada").build()))
                .events((new EventBuilder().withNewMetadata().withName("old").withNamespace("coder-workspaces").endMetadata()
                        .withNewInvolvedObject().withKind("Pod").withNamespace("coder-workspaces").withName("fine").endInvolvedObject()
                        .withType("Warning").withReason("Failed").withLastTimestamp(agoText(Duration.ofHours(5)))
                        .withMessage("Failed to pull image \"x\": 401 Unauthorized").build()));
        assertThat(snapshot.run(check)).isEmpty();
    }
}
