package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.RegionUnreachable;
import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.coder.CoderAnswer;
import io.pitcrew.observe.coder.DeploymentHealth;
import io.pitcrew.observe.coder.ProvisionerDaemon;
import io.pitcrew.observe.coder.ProvisionerJob;
import io.pitcrew.observe.coder.Provisioning;
import io.pitcrew.observe.coder.WorkspaceBuild;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.pitcrew.check.SnapshotFixture.CONTEXT;
import static io.pitcrew.check.SnapshotFixture.CONTROL_PLANE;
import static io.pitcrew.check.SnapshotFixture.NOW;
import static io.pitcrew.check.SnapshotFixture.ago;
import static io.pitcrew.check.SnapshotFixture.pod;
import static io.pitcrew.check.SnapshotFixture.region;
import static org.assertj.core.api.Assertions.assertThat;

/** Runbook §6 from coderd's API: offline daemons, the job queue, stuck builds. */
class CoderProvisioningChecksTest {

    private static final Map<String, String> DEFAULT_POOL = Map.of("scope", "organization", "owner", "", "pool", "default");

    private static Pod provisioner(String name, String phase) {
        return pod("coder", name, phase).editMetadata().addToLabels("app", "coder-provisioner").endMetadata().build();
    }

    private static ProvisionerDaemon daemon(String name, String status, Duration seenAgo) {
        return new ProvisionerDaemon("id-" + name, name, "v2.26.0", DEFAULT_POOL, status, seenAgo == null ? null : ago(seenAgo),
                "busy".equals(status) ? new ProvisionerDaemon.Job("job-" + name, "running", "kubernetes-claude") : null);
    }

    private static ProvisionerJob job(int position, int size, int workers, Duration waiting) {
        return new ProvisionerJob("job-" + position, ago(waiting), "pending", position, size, "workspace_build", DEFAULT_POOL,
                workers, "ws-" + position, "kubernetes-claude");
    }

    private static WorkspaceBuild build(String workspace, String status, Duration age, int matched) {
        return new WorkspaceBuild(workspace, "ada", "kubernetes-claude", status, "start", ago(age), "pending", 1, matched);
    }

    private static Snapshot snapshot(RegionObservation control, List<ProvisionerDaemon> daemons, List<ProvisionerJob> jobs,
                                     List<WorkspaceBuild> builds) {
        var provisioning = new Provisioning("default", new CoderAnswer.Answered<>(daemons), new CoderAnswer.Answered<>(jobs),
                new CoderAnswer.Answered<>(builds), new CoderAnswer.Rejected<>(403, "owners only"));
        return Snapshot.of(NOW, List.of(control)).provisioning(Optional.of(provisioning)).build();
    }

    private static RegionObservation cluster(Pod... pods) {
        return region().pods(List.of(pods)).build();
    }

    // ---- daemons

    @Test
    void anOfflineDaemonWhosePodRunsIsReported() {
        var s = snapshot(cluster(provisioner("prov-a", "Running"), provisioner("prov-b", "Running")),
                List.of(daemon("prov-a", "offline", Duration.ofMinutes(4)), daemon("prov-b", "idle", Duration.ofSeconds(20))),
                List.of(), List.of());
        assertThat(new ProvisionerDaemonsCheck().check(s, CONTEXT)).singleElement().satisfies(signal -> {
            assertThat(signal.id()).isEqualTo("provisioner-daemons-offline");
            assertThat(signal.region()).isEqualTo("us-east-2");
            assertThat(signal.affected()).isEqualTo(1);
            assertThat(signal.evidence().getFirst().name()).isEqualTo("prov-a");
            assertThat(signal.evidence().getFirst().detail()).contains("last seen 4m ago", "coder/prov-a is Running");
        });
    }

    @Test
    void coderdsOwnNinetySecondRuleDecidesEvenWhenItsStatusLags() {
        var s = snapshot(cluster(provisioner("prov-a", "Running")),
                List.of(daemon("prov-a", "idle", Duration.ofSeconds(91))), List.of(), List.of());
        assertThat(new ProvisionerDaemonsCheck().check(s, CONTEXT)).hasSize(1);
        var fresh = snapshot(cluster(provisioner("prov-a", "Running")),
                List.of(daemon("prov-a", "idle", Duration.ofSeconds(89))), List.of(), List.of());
        assertThat(new ProvisionerDaemonsCheck().check(fresh, CONTEXT)).isEmpty();
    }

    @Test
    void recordsOfPodsARolloutReplacedAreNotAFault() {
        var s = snapshot(cluster(provisioner("prov-new", "Running")),
                List.of(daemon("prov-old-1", "offline", Duration.ofHours(26)), daemon("prov-old-2", "offline", Duration.ofHours(26)),
                        daemon("prov-new", "idle", Duration.ofSeconds(10))),
                List.of(), List.of());
        assertThat(new ProvisionerDaemonsCheck().check(s, CONTEXT)).isEmpty();
    }

    @Test
    void withoutTheClusterOnlyNoDaemonOnlineIsReported() {
        var unreachable = new RegionUnreachable(CONTROL_PLANE, "timeout", "no answer", Duration.ofSeconds(15));
        var allOffline = snapshot(unreachable, List.of(daemon("a", "offline", Duration.ofMinutes(5)), daemon("b", "offline", Duration.ofMinutes(6))),
                List.of(), List.of());
        assertThat(new ProvisionerDaemonsCheck().check(allOffline, CONTEXT)).singleElement()
                .satisfies(signal -> assertThat(signal.affected()).isEqualTo(2));
        var someOnline = snapshot(unreachable, List.of(daemon("a", "offline", Duration.ofMinutes(5)), daemon("b", "idle", Duration.ofSeconds(6))),
                List.of(), List.of());
        assertThat(new ProvisionerDaemonsCheck().check(someOnline, CONTEXT)).isEmpty();
    }

    @Test
    void noDaemonRegisteredWhileProvisionerPodsRunIsOfflineWithCodersOwnWarning() {
        var health = new CoderAnswer.Answered<>(new DeploymentHealth("error",
                List.of(new DeploymentHealth.Warning("EPD01", "No active provisioner daemons found!"))));
        var provisioning = new Provisioning("default", new CoderAnswer.Answered<>(List.<ProvisionerDaemon>of()),
                new CoderAnswer.Answered<>(List.<ProvisionerJob>of()), new CoderAnswer.Answered<>(List.<WorkspaceBuild>of()), health);
        var s = Snapshot.of(NOW, List.of(cluster(provisioner("prov-a", "Running"), provisioner("prov-b", "Running"))))
                .provisioning(Optional.of(provisioning)).build();
        assertThat(new ProvisionerDaemonsCheck().check(s, CONTEXT)).singleElement().satisfies(signal -> {
            assertThat(signal.affected()).isEqualTo(2);
            assertThat(signal.evidence()).extracting(Evidence::detail).anySatisfy(d -> assertThat(d).contains("coderd lists no provisioner daemons"))
                    .anySatisfy(d -> assertThat(d).contains("No active provisioner daemons found!"));
        });
        // and no provisioner pods at all (a proxy-only view) is nothing to say about daemons
        var empty = Snapshot.of(NOW, List.of(cluster())).provisioning(Optional.of(provisioning)).build();
        assertThat(new ProvisionerDaemonsCheck().check(empty, CONTEXT)).isEmpty();
    }

    @Test
    void noCoderAnswerRaisesNothing() {
        var rejected = new Provisioning("default", new CoderAnswer.Rejected<>(401, "signed out"), new CoderAnswer.Rejected<>(401, "signed out"),
                new CoderAnswer.Rejected<>(401, "signed out"), new CoderAnswer.Rejected<>(403, "owners only"));
        var s = Snapshot.of(NOW, List.of(cluster())).provisioning(Optional.of(rejected)).build();
        assertThat(new ProvisionerDaemonsCheck().check(s, CONTEXT)).isEmpty();
        assertThat(new ProvisionerQueueCheck().check(s, CONTEXT)).isEmpty();
        assertThat(new WorkspaceBuildsCheck().check(s, CONTEXT)).isEmpty();
        // and the report says why those checks did not run, once per distinct failure
        assertThat(s.notAsked()).containsExactly("Coder provisioner daemons, provisioner jobs, workspace builds: HTTP 401: signed out");
        var none = new Snapshot(NOW, List.of(cluster()));
        assertThat(new ProvisionerDaemonsCheck().check(none, CONTEXT)).isEmpty();
    }

    // ---- queue

    private static List<ProvisionerDaemon> busy(int n) {
        List<ProvisionerDaemon> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(daemon("prov-" + i, "busy", Duration.ofSeconds(10)));
        return out;
    }

    @Test
    void jobsQueuedWhileEveryDaemonIsBusyAreAShortage() {
        List<ProvisionerDaemon> daemons = new ArrayList<>(busy(6));
        daemons.add(daemon("prov-gone", "offline", Duration.ofHours(20))); // an offline record is not a free daemon
        var s = snapshot(cluster(), daemons,
                List.of(job(2, 4, 6, Duration.ofMinutes(3)), job(1, 4, 6, Duration.ofMinutes(5)), job(3, 4, 6, Duration.ofMinutes(1)),
                        job(4, 4, 6, Duration.ofSeconds(20))),
                List.of());
        assertThat(new ProvisionerQueueCheck().check(s, CONTEXT)).singleElement().satisfies(signal -> {
            assertThat(signal.id()).isEqualTo("provisioner-jobs-queued");
            assertThat(signal.affected()).isEqualTo(4);
            assertThat(signal.summary()).contains("4 provisioner jobs queued", "all 6 online daemons busy", "oldest has waited 5m");
            assertThat(signal.evidence().getFirst().detail()).contains("queue position 1 of 4");
        });
    }

    @Test
    void anIdleDaemonOrAShortQueueIsNoShortage() {
        List<ProvisionerDaemon> oneIdle = new ArrayList<>(busy(5));
        oneIdle.add(daemon("prov-idle", "idle", Duration.ofSeconds(5)));
        var jobs = List.of(job(1, 3, 6, Duration.ofMinutes(1)), job(2, 3, 6, Duration.ofMinutes(1)), job(3, 3, 6, Duration.ofMinutes(1)));
        assertThat(new ProvisionerQueueCheck().check(snapshot(cluster(), oneIdle, jobs, List.of()), CONTEXT)).isEmpty();
        assertThat(new ProvisionerQueueCheck().check(snapshot(cluster(), busy(6), jobs.subList(0, 2), List.of()), CONTEXT)).isEmpty();
    }

    @Test
    void jobsNoDaemonMatchesAreNotCountedAsAShortage() {
        var jobs = List.of(job(1, 3, 0, Duration.ofMinutes(9)), job(2, 3, 0, Duration.ofMinutes(9)), job(3, 3, 0, Duration.ofMinutes(9)));
        assertThat(new ProvisionerQueueCheck().check(snapshot(cluster(), busy(6), jobs, List.of()), CONTEXT)).isEmpty();
    }

    // ---- builds

    @Test
    void buildsPendingPastTheThresholdAreStuck() {
        var s = snapshot(cluster(), busy(1), List.of(), List.of(build("old", "pending", Duration.ofMinutes(12), 6),
                build("young", "starting", Duration.ofMinutes(2), 6), build("done", "running", Duration.ofHours(2), 6)));
        assertThat(new WorkspaceBuildsCheck().check(s, CONTEXT)).singleElement().satisfies(signal -> {
            assertThat(signal.id()).isEqualTo("builds-stuck");
            assertThat(signal.affected()).isEqualTo(1);
            assertThat(signal.evidence().getFirst().name()).isEqualTo("ada/old");
            assertThat(signal.evidence().getFirst().detail()).contains("start build pending for 12m");
        });
    }

    @Test
    void aBuildNoProvisionerMatchesIsReportedAtOnce() {
        var s = snapshot(cluster(), busy(1), List.of(), List.of(build("gpu", "pending", Duration.ofSeconds(30), 0)));
        assertThat(new WorkspaceBuildsCheck().check(s, CONTEXT)).singleElement().satisfies(signal -> {
            assertThat(signal.id()).isEqualTo("builds-unmatched");
            assertThat(signal.evidence().getFirst().detail()).contains("no provisioner daemon matches its job's tags");
        });
    }

    @Test
    void healthyBuildsRaiseNothing() {
        var s = snapshot(cluster(), busy(1), List.of(), List.of(build("a", "starting", Duration.ofSeconds(40), 6),
                build("b", "pending", Duration.ofMinutes(1), -1)));
        assertThat(new WorkspaceBuildsCheck().check(s, CONTEXT)).isEmpty();
    }

}
