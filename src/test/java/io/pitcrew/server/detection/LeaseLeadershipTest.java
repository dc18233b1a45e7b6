package io.pitcrew.server.detection;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Leadership by a Lease in the lab's control-plane region (us-east-2): one replica leads and says so in
 * {@code pitcrew_leader}, the other does not; the leader that stops gives the Lease up (no holder left in it), and the
 * other leads at its next try instead of after the Lease lapses.
 */
class LeaseLeadershipTest {

    /** Short, so the test is: the production values are {@link LeaseLeadership.Timing#DEFAULT}. */
    static final LeaseLeadership.Timing QUICK = new LeaseLeadership.Timing(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(500));
    static final LeaseName LEASE = new LeaseName("pitcrew", "pitcrew-serve");

    @TempDir
    static Path dir;
    static Lab lab;
    static PitcrewConfig config;
    static Kubeconfig kubeconfig;
    static final ByteArrayOutputStream said = new ByteArrayOutputStream();
    static final PrintStream say = new PrintStream(said, true, StandardCharsets.UTF_8);

    @BeforeAll
    static void start() {
        lab = Lab.start(dir, "healthy", 2);
        config = LabKit.config(lab);
        kubeconfig = Kubeconfig.read(lab.kubeconfig());
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    @Test
    void oneLeadsTheOtherTakesOverAtOnceWhenItStops() {
        LeaseLeadership a = LeaseLeadership.elect(config, kubeconfig, LEASE, "replica-a", QUICK, say);
        await().atMost(Duration.ofSeconds(20)).until(a::leads);
        LeaseLeadership b = LeaseLeadership.elect(config, kubeconfig, LEASE, "replica-b", QUICK, say);
        try (KubernetesClient admin = LabKit.client(lab, "us-east-2")) {
            ServeMetrics metrics = new ServeMetrics();
            metrics.follow(a);
            assertThat(metrics.render(List.of(), List.of())).contains("# TYPE pitcrew_leader gauge\npitcrew_leader 1\n");
            // b has tried, and found the Lease held: renewed since b started, by a
            String renewed = lease(admin).getSpec().getRenewTime().toString();
            await().atMost(Duration.ofSeconds(20)).until(() -> !lease(admin).getSpec().getRenewTime().toString().equals(renewed));
            assertThat(b.leads()).isFalse();
            metrics.follow(b);
            assertThat(metrics.render(List.of(), List.of())).contains("pitcrew_leader 0\n");
            assertThat(lease(admin).getSpec().getHolderIdentity()).isEqualTo("replica-a");
            int transitions = lease(admin).getSpec().getLeaseTransitions();

            a.close();
            // given up by the time close returns: no holder, so nobody waits for it to lapse
            assertThat(lease(admin).getSpec().getHolderIdentity()).isNullOrEmpty();
            assertThat(a.leads()).isFalse();
            await().atMost(QUICK.lease().minusSeconds(1)).until(b::leads);
            assertThat(lease(admin).getSpec().getHolderIdentity()).isEqualTo("replica-b");
            assertThat(lease(admin).getSpec().getLeaseTransitions()).isEqualTo(transitions + 1);
            assertThat(metrics.render(List.of(), List.of())).contains("pitcrew_leader 1\n");
        } finally {
            b.close();
        }
        assertThat(said.toString(StandardCharsets.UTF_8)).contains(
                "electing a leader with the Lease pitcrew/pitcrew-serve in us-east-2, as replica-a", "leading (Lease pitcrew/pitcrew-serve)");
    }

    @Test
    void aReplicaThatLeadsHearsItAtOnceAndOnEveryTakeOver() {
        LeaseLeadership a = LeaseLeadership.elect(config, kubeconfig, new LeaseName("pitcrew", "listeners"), "replica-a", QUICK, say);
        try {
            await().atMost(Duration.ofSeconds(20)).until(a::leads);
            int[] heard = new int[1];
            a.onLeading(() -> heard[0]++);
            assertThat(heard[0]).isEqualTo(1);
        } finally {
            a.close();
        }
    }

    @Test
    void aLeaseThatIsNotANamespaceAndNameIsRefusedSayingHowToWriteIt() {
        assertThatThrownBy(() -> LeaseName.parse("pitcrew-serve")).hasMessageContaining("write NAMESPACE/NAME, e.g. pitcrew/pitcrew-serve");
        assertThatThrownBy(() -> LeaseName.parse("Pitcrew/serve")).hasMessageContaining("'Pitcrew' is not a namespace name");
        assertThatThrownBy(() -> LeaseName.parse("pitcrew/serve_1")).hasMessageContaining("'serve_1' is not a Lease name");
        assertThat(LeaseName.parse(" pitcrew/pitcrew-serve.leader ")).isEqualTo(new LeaseName("pitcrew", "pitcrew-serve.leader"));
    }

    private static Lease lease(KubernetesClient admin) {
        return admin.leases().inNamespace(LEASE.namespace()).withName(LEASE.name()).get();
    }
}
