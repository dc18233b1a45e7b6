package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class KeyRotationPauseCheckTest {

    private static Deployment rotator(int replicas, String resumeAt) {
        var b = new DeploymentBuilder(deployment("litellm", "litellm-key-rotator", replicas, replicas));
        if (resumeAt != null) b.editMetadata().addToAnnotations("pitcrew.io/resume-at", resumeAt).endMetadata();
        return b.build();
    }

    private static List<Signal> check(Deployment d) {
        return new KeyRotationPauseCheck().check(region().deployments(d).build(), CONTEXT);
    }

    @Test
    void aPauseStillInPlaceAfterItsResumeTimeIsOverdue() {
        List<Signal> signals = check(rotator(0, agoText(Duration.ofMinutes(90))));

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(KeyRotationPauseCheck.ID);
            assertThat(s.summary()).contains("1h30m ago");
            assertThat(s.evidence().getFirst().detail()).startsWith("0 replicas; resume was due at ");
        });
    }

    @Test
    void aPauseWithinItsWindowAPauseByHandAndARunningRotatorAreFine() {
        assertThat(check(rotator(0, NOW.plus(Duration.ofHours(2)).toString()))).isEmpty();
        assertThat(check(rotator(0, null))).isEmpty();
        assertThat(check(rotator(1, agoText(Duration.ofHours(3))))).as("resumed by hand, annotation left").isEmpty();
    }
}
