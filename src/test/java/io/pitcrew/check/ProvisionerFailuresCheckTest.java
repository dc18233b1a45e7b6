package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

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
    void oldKillsAnnotatedAccountsAndRegionsWithoutProvisionersRaiseNothing() {
        var annotated = new ServiceAccountBuilder().withNewMetadata().withName("coder-provisioner").withNamespace("coder")
                .addToAnnotations("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/p").endMetadata().build();
        assertThat(region().pods(List.of(provisioner("p-1", Duration.ofHours(5)))).serviceAccounts(annotated).run(check)).isEmpty();
        assertThat(region().run(check)).isEmpty();
    }
}
