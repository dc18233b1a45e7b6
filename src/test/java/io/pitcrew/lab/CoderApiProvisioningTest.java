package io.pitcrew.lab;

import io.pitcrew.observe.coder.CoderAnswer;
import io.pitcrew.observe.coder.CoderClient;
import io.pitcrew.observe.coder.DeploymentHealth;
import io.pitcrew.observe.coder.ProvisionerDaemon;
import io.pitcrew.observe.coder.ProvisionerJob;
import io.pitcrew.observe.coder.WorkspaceBuild;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Coder provisioning routes pitcrew reads (daemons, pending jobs, workspaces by build status) through
 * {@link CoderClient} against {@link LabCoderApi} over real HTTP, including coderd's error answers.
 */
class CoderApiProvisioningTest {

    private static final String TOKEN = "pr0v-t0ken-41c9";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Instant NOW = Instant.now();

    private static LabCoderApi coder;
    private static CoderClient client;

    @BeforeAll
    static void start() {
        coder = LabCoderApi.start(TOKEN);
        client = new CoderClient(URI.create(coder.url()), TOKEN, TIMEOUT);
    }

    @AfterAll
    static void stop() {
        coder.close();
    }

    private static CoderProvisioning state() {
        var daemons = List.of(
                new CoderProvisioning.Daemon("coder-provisioner-default-7c9-abcde", "default", "busy", null, "job-77", "kubernetes-claude"),
                new CoderProvisioning.Daemon("coder-provisioner-default-7c9-fghij", "default", "offline", NOW.minusSeconds(300), null, null));
        var jobs = List.of(new CoderProvisioning.Job("job-1", NOW.minusSeconds(120), 1, 2, "default",
                List.of("coder-provisioner-default-7c9-abcde"), "ada-claude", "kubernetes-claude"),
                new CoderProvisioning.Job("job-2", NOW.minusSeconds(60), 2, 2, "gpu", List.of(), "linus-gpu", "gpu-workstation"));
        var builds = List.of(new CoderProvisioning.Build("ada-claude", "ada", "kubernetes-claude", "pending", NOW.minusSeconds(120), 1, 1),
                new CoderProvisioning.Build("linus-gpu", "linus", "gpu-workstation", "pending", NOW.minusSeconds(60), 2, 0),
                new CoderProvisioning.Build("grace-claude", "grace", "kubernetes-claude", "starting", NOW.minusSeconds(20), 0, 1));
        return new CoderProvisioning(daemons, jobs, builds);
    }

    @Test
    void daemonsComeWithStatusLastSeenTagsAndCurrentJob() {
        coder.setProvisioning(state());
        var answer = client.provisionerDaemons("default");
        assertThat(answer).isInstanceOf(CoderAnswer.Answered.class);
        List<ProvisionerDaemon> daemons = ((CoderAnswer.Answered<List<ProvisionerDaemon>>) answer).value();
        assertThat(daemons).extracting(ProvisionerDaemon::status).containsExactly("busy", "offline");
        ProvisionerDaemon busy = daemons.getFirst();
        assertThat(busy.tags()).containsEntry("pool", "default").containsEntry("scope", "organization");
        assertThat(busy.currentJob()).isEqualTo(new ProvisionerDaemon.Job("job-77", "running", "kubernetes-claude"));
        assertThat(busy.lastSeenAt()).isAfter(Instant.now().minusSeconds(60));
        ProvisionerDaemon offline = daemons.get(1);
        assertThat(offline.currentJob()).isNull();
        assertThat(offline.lastSeenAt()).isEqualTo(NOW.minusSeconds(300));
    }

    @Test
    void pendingJobsCarryQueuePositionAndTheWorkersThatMatch() {
        coder.setProvisioning(state());
        List<ProvisionerJob> jobs = ((CoderAnswer.Answered<List<ProvisionerJob>>) client.pendingJobs("default")).value();
        assertThat(jobs).extracting(ProvisionerJob::queuePosition, ProvisionerJob::queueSize, ProvisionerJob::availableWorkers,
                ProvisionerJob::workspaceName).containsExactly(
                Tuple.tuple(1, 2, 1, "ada-claude"), Tuple.tuple(2, 2, 0, "linus-gpu"));
        assertThat(jobs.getFirst().type()).isEqualTo("workspace_build");
        assertThat(jobs.getFirst().createdAt()).isEqualTo(NOW.minusSeconds(120));
    }

    @Test
    void workspaceBuildsAreAskedByStatusWithTheirMatchedProvisioners() {
        coder.setProvisioning(state());
        List<WorkspaceBuild> builds = ((CoderAnswer.Answered<List<WorkspaceBuild>>) client.workspaceBuilds(List.of("pending", "starting"))).value();
        assertThat(builds).extracting(WorkspaceBuild::workspace, WorkspaceBuild::status, WorkspaceBuild::matchedProvisioners)
                .containsExactly(Tuple.tuple("ada-claude", "pending", 1),
                        Tuple.tuple("linus-gpu", "pending", 0),
                        Tuple.tuple("grace-claude", "starting", 1));
        assertThat(builds.getFirst().owner()).isEqualTo("ada");
        assertThat(builds.getFirst().transition()).isEqualTo("start");
    }

    @Test
    void theHealthReportSaysEpd01WhenNoDaemonIsOnline() {
        coder.setProvisioning(state());
        var ok = (CoderAnswer.Answered<DeploymentHealth>) client.deploymentHealth();
        assertThat(ok.value().severity()).isEqualTo("ok");
        assertThat(ok.value().provisionerWarnings()).isEmpty();
        var s = state();
        coder.setProvisioning(new CoderProvisioning(List.of(new CoderProvisioning.Daemon("gone", "default", "offline",
                NOW.minusSeconds(600), null, null)), s.jobs(), s.builds()));
        var bad = (CoderAnswer.Answered<DeploymentHealth>) client.deploymentHealth();
        assertThat(bad.value().severity()).isEqualTo("error");
        assertThat(bad.value().provisionerWarnings()).containsExactly(
                new DeploymentHealth.Warning("EPD01", "No active provisioner daemons found!"));
    }

    @Test
    void anOrganizationTheTokenCannotSeeIsCodersNotFound() {
        assertThat(client.provisionerDaemons("acme")).isEqualTo(new CoderAnswer.Rejected<>(404,
                "Resource not found or you do not have access to this resource"));
    }

    @Test
    void anExpiredTokenIsRejectedOnEveryRoute() {
        var stale = new CoderClient(URI.create(coder.url()), "expired-0000", TIMEOUT);
        var signedOut = new CoderAnswer.Rejected<>(401, LabCoderApi.SIGNED_OUT);
        assertThat(stale.provisionerDaemons("default")).isEqualTo(signedOut);
        assertThat(stale.pendingJobs("default")).isEqualTo(signedOut);
        assertThat(stale.workspaceBuilds(List.of("pending"))).isEqualTo(signedOut);
    }

    /** The runbook's curl asks for /api/v2/provisioners, which coderd does not have. */
    @Test
    void theRunbooksProvisionersRouteIsNotFound() throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(coder.url() + "/api/v2/provisioners"))
                .header("Coder-Session-Token", TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"message\":\"Route not found.\"}");
    }

    @Test
    void anOrganizationThatCouldChangeTheRouteIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> client.provisionerDaemons("../users")).isInstanceOf(IllegalArgumentException.class);
    }
}
