package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.pitcrew.config.LogPatterns;
import io.pitcrew.observe.LogTail;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.pitcrew.check.SnapshotFixture.ago;
import static io.pitcrew.check.SnapshotFixture.pod;
import static io.pitcrew.check.SnapshotFixture.region;
import static io.pitcrew.check.SnapshotFixture.restarted;
import static org.assertj.core.api.Assertions.assertThat;

class ProvisionerFailuresCheckTest {

    private final ProvisionerFailuresCheck check = new ProvisionerFailuresCheck();

    private static Pod provisioner(String name, Duration oomAgo) {
        var b = pod("coder", name, "Running").editMetadata().addToLabels("app", "coder-provisioner").endMetadata()
                .editSpec().withServiceAccountName("coder-provisioner").endSpec();
        if (oomAgo != null) b.editStatus().addToContainerStatuses(restarted(4, "OOMKilled", ago(oomAgo))).endStatus();
        return b.build();
    }

    @Test
    void recentOomKillsAndAMissingRoleAreSignals() {
        var signals = region().pods(List.of(provisioner("p-1", Duration.ofMinutes(3)), provisioner("p-2", null)))
                .serviceAccounts(new ServiceAccountBuilder().withNewMetadata().withName("coder-provisioner").withNamespace("coder").endMetadata().build())
                .run(check);
        assertThat(signals).extracting(Signal::id).containsExactlyInAnyOrder("provisioner-oom-killed", "provisioner-iam-role-missing");
        assertThat(signals).filteredOn(s -> s.id().equals("provisioner-oom-killed")).singleElement()
                .satisfies(s -> assertThat(s.evidence().getFirst().detail()).startsWith("OOMKilled (exit 137) 3m"));
    }

    @Test
    void podsOfAProvisionerDeploymentAreJudgedByItsOwnSelector() {
        // the coder-provisioner Helm chart labels its pods app.kubernetes.io/name and /instance, not the runbook's app
        Map<String, String> chart = Map.of("app.kubernetes.io/name", "coder-provisioner",
                "app.kubernetes.io/instance", "coder-provisioner-default");
        var deployment = new DeploymentBuilder().withNewMetadata().withName("coder-provisioner-default").withNamespace("coder")
                .withLabels(chart).endMetadata().withNewSpec().withReplicas(6).withNewSelector().withMatchLabels(chart).endSelector()
                .endSpec().build();
        Pod pod = pod("coder", "coder-provisioner-default-5c9d7-x2x9z", "Running").editMetadata().withLabels(chart).endMetadata()
                .editStatus().addToContainerStatuses(restarted(2, "OOMKilled", ago(Duration.ofMinutes(4)))).endStatus().build();

        var signals = region().pods(List.of(pod)).deployments(deployment).run(check);

        assertThat(signals).extracting(Signal::id).containsExactly("provisioner-oom-killed");
    }

    @Test
    void oldKillsAnnotatedAccountsAndRegionsWithoutProvisionersRaiseNothing() {
        var annotated = new ServiceAccountBuilder().withNewMetadata().withName("coder-provisioner").withNamespace("coder")
                .addToAnnotations("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/p").endMetadata().build();
        assertThat(region().pods(List.of(provisioner("p-1", Duration.ofHours(5)))).serviceAccounts(annotated).run(check)).isEmpty();
        assertThat(region().run(check)).isEmpty();
    }

    private static PodMetrics usage(String pod, String cpu, String memory) {
        return new PodMetricsBuilder()
                .withNewMetadata().withName(pod).withNamespace("coder").endMetadata()
                .addNewContainer().withName("main").addToUsage("cpu", new Quantity(cpu))
                .addToUsage("memory", new Quantity(memory)).endContainer().build();
    }

    private static Pod limited(String name) {
        return new PodBuilder(provisioner(name, null)).editSpec().editFirstContainer()
                .withNewResources().addToLimits("cpu", new Quantity("500m"))
                .addToLimits("memory", new Quantity("512Mi")).endResources()
                .endContainer().endSpec().build();
    }

    @Test
    void provisionersPinnedAtTheirCpuLimitAreThrottled() {
        var annotated = new ServiceAccountBuilder().withNewMetadata().withName("coder-provisioner").withNamespace("coder")
                .addToAnnotations("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/p").endMetadata().build();
        var signals = region().pods(List.of(limited("p-1"), limited("p-2"))).serviceAccounts(annotated)
                .podMetrics(usage("p-1", "496m", "300Mi"), usage("p-2", "210m", "280Mi")).run(check);
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("provisioner-cpu-throttled");
            assertThat(s.affected()).isEqualTo(1);
            assertThat(s.evidence().getFirst().name()).isEqualTo("p-1");
            assertThat(s.evidence().getFirst().detail()).contains("cpu 99% (496m of 500m)");
        });
        // 94% is busy, not throttled; no metrics at all is no evidence either way
        assertThat(region().pods(List.of(limited("p-1"))).serviceAccounts(annotated).podMetrics(usage("p-1", "470m", "300Mi")).run(check)).isEmpty();
        assertThat(region().pods(List.of(limited("p-1"))).serviceAccounts(annotated).run(check)).isEmpty();
    }

    @Test
    void aConfiguredLockPatternReplacesTheDefault() {
        var sources = new LinkedHashMap<>(LogPatterns.defaultSources());
        sources.put("terraformStateLock", "state blob is already locked");
        var context = new CheckContext(SnapshotFixture.CONTEXT.names(), SnapshotFixture.CONTEXT.thresholds(),
                LogPatterns.of(sources), SnapshotFixture.NOW);
        var annotated = new ServiceAccountBuilder().withNewMetadata().withName("coder-provisioner").withNamespace("coder")
                .addToAnnotations("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/p").endMetadata().build();
        var snapshot = region().pods(List.of(provisioner("p-1", null))).serviceAccounts(annotated)
                .log(LogTail.Component.PROVISIONER, "coder", "p-1",
                        SnapshotFixture.line(Duration.ofMinutes(2), "Error: state blob is already locked (azurerm backend)"),
                        SnapshotFixture.line(Duration.ofMinutes(3), "Error acquiring the state lock"))
                .build();
        assertThat(check.check(snapshot, context)).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("terraform-state-locked");
            assertThat(s.affected()).isEqualTo(1);
            assertThat(s.evidence().getFirst().detail()).contains("state blob is already locked");
        });
    }
}
