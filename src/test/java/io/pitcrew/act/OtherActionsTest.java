package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.store.AuditEntry;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The key rotator, provisioner limits, restarts and workspace pods, against the lab's API servers. */
class OtherActionsTest extends SharedLab {

    @Test
    void pauseKeyRotationForFourHoursThenRevert() {
        Instant before = Instant.now();
        Outcome o = fix.fix("pause-key-rotation", Map.of("for", "4h"), true);

        assertThat(o.result()).as(o.detail()).isEqualTo(Outcome.Result.APPLIED);
        var rotator = fix.deployment("us-east-2", "litellm", "litellm-key-rotator");
        assertThat(rotator.getSpec().getReplicas()).isZero();
        assertThat(rotator.getMetadata().getAnnotations()).containsEntry("pitcrew.io/paused-replicas", "1").containsKey("pitcrew.io/resume-at");
        assertThat(fix.pods("us-east-2", "litellm", "app", "litellm-key-rotator")).isEmpty();
        AuditEntry row = fix.store.audit().find(o.auditId().getAsLong()).orElseThrow();
        assertThat(row.resumeAt()).hasValueSatisfying(t -> assertThat(t).isBetween(before.plus(Duration.ofHours(4)).minusSeconds(2),
                Instant.now().plus(Duration.ofHours(4))));
        assertThat(Instant.parse(rotator.getMetadata().getAnnotations().get("pitcrew.io/resume-at"))).isEqualTo(row.resumeAt().get());

        assertThat(fix.fix("pause-key-rotation", Map.of(), true).result()).isEqualTo(Outcome.Result.IN_EFFECT);

        Outcome resumed = fix.revert(row.id());
        assertThat(resumed.result()).as(resumed.detail()).isEqualTo(Outcome.Result.APPLIED);
        rotator = fix.deployment("us-east-2", "litellm", "litellm-key-rotator");
        assertThat(rotator.getSpec().getReplicas()).isEqualTo(1);
        assertThat(rotator.getMetadata().getAnnotations()).doesNotContainKeys("pitcrew.io/paused-replicas", "pitcrew.io/resume-at");
        assertThat(fix.pods("us-east-2", "litellm", "app", "litellm-key-rotator")).hasSize(1);
        assertThat(fix.fix("resume-key-rotation", Map.of(), true).result()).isEqualTo(Outcome.Result.IN_EFFECT);
    }

    @Test
    void resumeRestoresTheCountFromBeforeThePauseFromAnyMachine() {
        fix.client("us-east-2").apps().deployments().inNamespace("litellm").withName("litellm-key-rotator").scale(2);
        assertThat(fix.fix("pause-key-rotation", Map.of("until", "23:59"), true).result()).isEqualTo(Outcome.Result.APPLIED);

        // another person, no audit row of theirs: the deployment's annotation says 2
        Outcome plan = fix.fix("resume-key-rotation", Map.of(), false);
        assertThat(plan.plan().changes().getFirst()).isEqualTo(new Change("us-east-2", "deployment litellm/litellm-key-rotator",
                "spec.replicas", "0", "2"));
    }

    @Test
    void pauseRejectsBothForAndUntil() {
        Assertions.assertThatThrownBy(() -> fix.fix("pause-key-rotation", Map.of("for", "4h", "until", "17:00"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("give --for or --until, not both");
    }

    @Test
    void raiseProvisionerLimitsRollsThePodsWithinBounds() {
        Outcome refused = fix.fix("raise-provisioner-limits", Map.of("memory", "4Gi"), true);
        assertThat(refused.result()).isEqualTo(Outcome.Result.REFUSED);
        assertThat(refused.detail()).contains("bounds.provisionerMemory (2Gi)");

        List<String> oldPods = names(fix.pods("us-east-2", "coder", "coder.com/provisioner-pool", "default"));
        Outcome o = fix.fix("raise-provisioner-limits", Map.of(), true);

        assertThat(o.result()).as(o.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(o.applied()).extracting(c -> c.field().substring(c.field().lastIndexOf('.') + 1) + " " + c.before() + "→" + c.after())
                .contains("cpu 500m→1", "memory 512Mi→1Gi");
        List<Pod> pods = fix.pods("us-east-2", "coder", "coder.com/provisioner-pool", "default");
        assertThat(pods).hasSize(6);
        assertThat(names(pods)).doesNotContainAnyElementsOf(oldPods);
        assertThat(pods.getFirst().getSpec().getContainers().getFirst().getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
        assertThat(fix.fix("raise-provisioner-limits", Map.of("memory", "1024Mi"), true).result())
                .as("1024Mi is 1Gi: nothing to do").isEqualTo(Outcome.Result.IN_EFFECT);

        assertThat(fix.revert(o.auditId().getAsLong()).result()).isEqualTo(Outcome.Result.APPLIED);
        var limits = fix.deployment("us-east-2", "coder", "coder-provisioner-demo").getSpec().getTemplate().getSpec()
                .getContainers().getFirst().getResources().getLimits();
        assertThat(limits.get("cpu").toString()).isEqualTo("500m");
        assertThat(limits.get("memory").toString()).isEqualTo("512Mi");
    }

    @Test
    void restartCoderInOneRegionReplacesItsPodsAndRestartsOnce() {
        List<String> oldPods = names(fix.pods("us-west-2", "coder", "app.kubernetes.io/name", "coder"));
        var east = fix.resourceVersions("us-east-2");
        try (Platform one = fix.platform(); Platform two = fix.platform()) {
            Outcome first = new SafePath(one, fix.store.audit(), "alice", Duration.ofSeconds(20), s -> {}, Clock.systemUTC())
                    .run(Actions.byId("restart-coder").orElseThrow(), new Parameters(Map.of("region", "us-west-2")), true, OptionalLong.empty());
            assertThat(first.result()).as(first.detail()).isEqualTo(Outcome.Result.APPLIED);
            // bob started his fix before alice's restart landed: hers is the one restart
            Outcome second = new SafePath(two, fix.store.audit(), "bob", Duration.ofSeconds(20), s -> {}, Clock.systemUTC())
                    .run(Actions.byId("restart-coder").orElseThrow(), new Parameters(Map.of("region", "us-west-2")), true, OptionalLong.empty());
            assertThat(second.result()).isEqualTo(Outcome.Result.IN_EFFECT);
        }
        assertThat(fix.deployment("us-west-2", "coder", "coder").getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("kubectl.kubernetes.io/restartedAt");
        assertThat(names(fix.pods("us-west-2", "coder", "app.kubernetes.io/name", "coder"))).hasSameSizeAs(oldPods).doesNotContainAnyElementsOf(oldPods);
        assertThat(fix.resourceVersions("us-east-2")).as("other regions untouched").isEqualTo(east);

        Outcome all = fix.fix("restart-coder", Map.of(), false);
        assertThat(all.plan().changes()).extracting(Change::region).containsExactly("us-east-2", "us-west-2", "eu-west-2");
        assertThat(all.plan().inverse()).isEmpty();
    }

    @Test
    void restartLitellm() {
        Outcome o = fix.fix("restart-litellm", Map.of(), true);
        assertThat(o.result()).as(o.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(o.applied()).singleElement().satisfies(c -> assertThat(c.object()).isEqualTo("deployment litellm/litellm"));
        assertThat(fix.pods("us-east-2", "litellm", "app", "litellm")).hasSize(4);
    }

    @Test
    void deleteWorkspacePodOnlyDeletesWorkspaces() {
        Pod workspace = fix.client("eu-west-2").pods().inNamespace("coder-workspaces").list().getItems().getFirst();
        String name = workspace.getMetadata().getName();

        Outcome o = fix.fix("delete-workspace-pod", Map.of("pod", name), true);

        assertThat(o.result()).as(o.detail()).isEqualTo(Outcome.Result.APPLIED);
        assertThat(o.applied()).singleElement().satisfies(c -> {
            assertThat(c.region()).isEqualTo("eu-west-2");
            assertThat(c.after()).isEqualTo("deleted");
        });
        assertThat(fix.client("eu-west-2").pods().inNamespace("coder-workspaces").withName(name).get()).isNull();
        assertThat(fix.fix("delete-workspace-pod", Map.of("pod", name), true).result()).isEqualTo(Outcome.Result.IN_EFFECT);

        String coderd = fix.pods("us-east-2", "coder", "app.kubernetes.io/name", "coder").getFirst().getMetadata().getName();
        Outcome refused = fix.fix("delete-workspace-pod", Map.of("pod", coderd), true);
        assertThat(refused.result()).isEqualTo(Outcome.Result.REFUSED);
        assertThat(refused.detail()).contains("is not a workspace pod");
        assertThat(fix.client("us-east-2").pods().inNamespace("coder").withName(coderd).get()).isNotNull();
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }
}
