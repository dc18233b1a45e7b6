package io.pitcrew.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.lab.ApiAccess;
import io.pitcrew.lab.Lab;
import io.pitcrew.server.detection.LeaseLeadership;
import io.pitcrew.server.detection.LeaseName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.pitcrew.deploy.Chart.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The chart's Lease Role is what the leader election uses: on a lab that enforces RBAC, serve's election as the
 * chart's ServiceAccount in the control-plane region (us-east-2) leads, renews and gives the Lease up with nothing
 * refused and every verb of the Role used; without the Role, or for another Lease than the Role names, serve stops at
 * start saying what to grant.
 */
@Tag("chart")
class LeaseRbacTest {

    static final String SERVICE_ACCOUNT = "system:serviceaccount:pitcrew:pitcrew";
    static final LeaseLeadership.Timing QUICK = new LeaseLeadership.Timing(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(500));

    @TempDir
    static Path dir;
    static Lab lab;
    static PitcrewConfig config;
    static Role role;

    @BeforeAll
    static void start() {
        lab = Lab.start(dir.resolve("lab"), "healthy", 2);
        lab.enforceRbac();
        List<HasMetadata> objects = Chart.render(values("serve.lease.enabled", true, "database.existingSecret", "pitcrew-db"));
        role = objects.stream().filter(Role.class::isInstance).map(Role.class::cast)
                .filter(r -> r.getMetadata().getName().equals("pitcrew-lease")).findFirst().orElseThrow();
        RoleBinding binding = objects.stream().filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                .filter(b -> b.getMetadata().getName().equals("pitcrew-lease")).findFirst().orElseThrow();
        try (KubernetesClient admin = LabAdmin.client(lab, "us-east-2")) {
            for (HasMetadata o : List.of(Manifests.one(objects, ServiceAccount.class), role, binding)) admin.resource(o).create();
        }
        config = ConfigLoader.load(lab.config());
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    @Test
    void theElectionUnderTheChartsRoleLeadsAndGivesUpWithEveryVerbOfTheRole() {
        Kubeconfig kubeconfig = Kubeconfig.read(lab.kubeconfigWithToken("lease.kubeconfig", lab.serviceAccountToken("pitcrew", "pitcrew")));
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        LeaseLeadership a = LeaseLeadership.elect(config, kubeconfig, new LeaseName("pitcrew", "pitcrew"), "replica-a", QUICK,
                new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            await().atMost(Duration.ofSeconds(20)).until(a::leads);
            // renewed at least once: an update
            await().atMost(Duration.ofSeconds(20)).until(() -> leaseRequests().stream().filter(x -> x.verb().equals("update")).count() >= 1);
        } finally {
            a.close();
        }

        assertThat(leaseRequests()).as("Lease requests refused").noneMatch(x -> !x.allowed());
        Set<String> used = new TreeSet<>();
        leaseRequests().forEach(x -> used.add(x.verb()));
        assertThat(used).isEqualTo(new TreeSet<>(role.getRules().stream().flatMap(r -> r.getVerbs().stream()).toList()));
        assertThat(said.toString(StandardCharsets.UTF_8)).doesNotContain("warning");
    }

    @Test
    void withoutTheRoleOrForAnotherLeaseServeStopsSayingWhatToGrant() {
        Kubeconfig other = Kubeconfig.read(lab.kubeconfigWithToken("other.kubeconfig", lab.serviceAccountToken("pitcrew", "other")));
        assertThatThrownBy(() -> LeaseLeadership.elect(config, other, new LeaseName("pitcrew", "pitcrew"), "replica-b", QUICK, System.err))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--lease pitcrew/pitcrew: the control-plane region us-east-2 refuses pitcrew the Lease (403 Forbidden): grant get, "
                        + "create and update on leases.coordination.k8s.io in namespace pitcrew (the chart's serve.lease does)");

        Kubeconfig chart = Kubeconfig.read(lab.kubeconfigWithToken("chart.kubeconfig", lab.serviceAccountToken("pitcrew", "pitcrew")));
        assertThatThrownBy(() -> LeaseLeadership.elect(config, chart, new LeaseName("pitcrew", "another"), "replica-b", QUICK, System.err))
                .hasMessageContaining("refuses pitcrew the Lease (403 Forbidden)");
    }

    private static List<ApiAccess> leaseRequests() {
        return lab.accessLog("us-east-2").stream()
                .filter(x -> x.user().equals(SERVICE_ACCOUNT) && x.resource().equals("leases") && (x.name().equals("pitcrew") || x.verb().equals("create")))
                .toList();
    }
}
