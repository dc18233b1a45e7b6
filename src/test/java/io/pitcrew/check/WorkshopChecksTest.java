package io.pitcrew.check;

import io.pitcrew.config.LogPatterns;
import io.pitcrew.config.Names;
import io.pitcrew.config.Thresholds;
import io.pitcrew.config.Workshop;
import io.pitcrew.config.Workshops;
import io.pitcrew.observe.CredentialSecret;
import io.pitcrew.observe.PullSecret;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import java.util.List;

import static io.pitcrew.check.SnapshotFixture.NOW;
import static io.pitcrew.check.SnapshotFixture.ago;
import static io.pitcrew.check.SnapshotFixture.deployment;
import static io.pitcrew.check.SnapshotFixture.region;
import static io.pitcrew.check.SnapshotFixture.workspace;
import static org.assertj.core.api.Assertions.assertThat;

/** The workshop-window checks: what expires before a workshop ends, and what is still raised the day after one. */
class WorkshopChecksTest {

    private static final String ECR = "614871946825.dkr.ecr.us-east-2.amazonaws.com";

    /** A context at {@link SnapshotFixture#NOW} knowing one workshop, {@code from} and {@code to} from now. */
    private static CheckContext with(Duration from, Duration to) {
        return new CheckContext(Names.defaults(), Thresholds.defaults(), LogPatterns.defaults(), NOW,
                new Workshops(List.of(new Workshop("nov-25", NOW.plus(from), NOW.plus(to), 12))));
    }

    private static List<String> ids(List<Signal> signals) {
        return signals.stream().map(Signal::id).toList();
    }

    @Test
    void aPullSecretOrCredentialExpiringBeforeTheEndIsSaidOnlyNearAWorkshop() {
        var snapshot = region()
                .pods(workspace("ws-1", "ada").editSpec().addNewImagePullSecret("ecr-pull-secret").endSpec().build())
                .pullSecrets(new PullSecret("coder-workspaces", "ecr-pull-secret", List.of(ECR), ago(Duration.ofHours(9))))
                .deployments(deployment("litellm", "litellm", 4, 4))
                .credentialSecrets(new CredentialSecret("litellm", "litellm-aws-credentials", true, ago(Duration.ofHours(9)),
                        ago(Duration.ofHours(9)), NOW.plus(Duration.ofHours(3)), "pitcrew.io/expires-at")).build();
        WorkshopExpiryCheck check = new WorkshopExpiryCheck();
        List<Signal> during = check.check(snapshot, with(Duration.ofMinutes(-30), Duration.ofHours(4)));
        assertThat(ids(during)).containsExactly(WorkshopExpiryCheck.PULL_SECRET, WorkshopExpiryCheck.CREDENTIALS);
        assertThat(during.getFirst().evidence()).extracting(Evidence::kind).containsExactly("Secret", "Workshop");
        assertThat(during.getFirst().evidence().getFirst().detail()).startsWith("its ECR token expires " + NOW.plus(Duration.ofHours(3)));
        assertThat(check.check(snapshot, with(Duration.ofMinutes(-30), Duration.ofHours(2)))).as("both outlive a shorter one").isEmpty();
        assertThat(check.check(snapshot, with(Duration.ofHours(3), Duration.ofHours(6)))).as("three hours away: beyond workshopLead").isEmpty();
        assertThat(check.check(snapshot, SnapshotFixture.CONTEXT)).as("no workshop").isEmpty();
    }

    @Test
    void theDayAfterAWorkshopWhatIsStillRaisedIsSaid() {
        var raised = region().deployments(deployment("coder", "coder-provisioner-default", 10, 10), deployment("coder", "coder-provisioner-demo", 2, 2),
                deployment("litellm", "litellm", 6, 6), deployment("litellm", "litellm-key-rotator", 0, 0)).build();
        WorkshopAftermathCheck check = new WorkshopAftermathCheck();
        List<Signal> after = check.check(raised, with(Duration.ofHours(-5), Duration.ofHours(-1)));
        assertThat(ids(after)).containsExactly(WorkshopAftermathCheck.PROVISIONERS, WorkshopAftermathCheck.LITELLM, WorkshopAftermathCheck.ROTATOR);
        assertThat(after.getFirst().evidence()).singleElement().satisfies(e -> assertThat(e.detail())
                .isEqualTo("10 replicas, baseline 6; workshop nov-25 ended at " + NOW.minus(Duration.ofHours(1))));
        assertThat(after.getLast().evidence().getFirst().detail()).startsWith("0 replicas (paused by hand)");
        assertThat(check.check(raised, with(Duration.ofHours(-30), Duration.ofHours(-25)))).as("a day later").isEmpty();
        assertThat(check.check(raised, with(Duration.ofHours(-1), Duration.ofHours(3)))).as("during it: raised for it").isEmpty();
        var baseline = region().deployments(deployment("coder", "coder-provisioner-default", 6, 6), deployment("litellm", "litellm", 4, 4),
                deployment("litellm", "litellm-key-rotator", 1, 1)).build();
        assertThat(check.check(baseline, with(Duration.ofHours(-5), Duration.ofHours(-1)))).as("back to baseline").isEmpty();
    }

    @Test
    void aWorkshopsParticipantsCountForTheSizingRules() {
        var snapshot = region().deployments(deployment("coder", "coder-provisioner-default", 6, 6))
                .pods(workspace("ws-1", "ada").build()).build();
        assertThat(new ProvisionerReplicasCheck().check(snapshot, SnapshotFixture.CONTEXT)).isEmpty();
        CheckContext forty = new CheckContext(Names.defaults(), Thresholds.defaults(), LogPatterns.defaults(), NOW,
                new Workshops(List.of(new Workshop("nov-25", NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(5)), 40))));
        assertThat(new ProvisionerReplicasCheck().check(snapshot, forty)).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(ProvisionerReplicasCheck.UNDERSIZED);
            assertThat(s.affected()).isEqualTo(40);
            assertThat(s.summary()).startsWith("40 participants of workshop nov-25 (1 workspace owners now)");
        });
    }

}
