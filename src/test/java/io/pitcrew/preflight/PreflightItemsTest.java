package io.pitcrew.preflight;

import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Workshop;
import io.pitcrew.config.Workshops;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.incident.Declaration;
import io.pitcrew.incident.FollowUpItem;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.Lifecycle;
import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.runbook.Severity;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Every item of preflight on the lab: ready on the healthy platform, and not ready (risk or blocker, with its fix) when a scenario makes it so. */
class PreflightItemsTest {

    @TempDir
    static Path tmp;
    static Lab lab;
    static PitcrewConfig config;
    static Kubeconfig kubeconfig;
    static Runbook runbook;

    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        lab = Lab.start(LabKit.dir(tmp), null, 12);
        config = ConfigLoader.load(lab.config());
        kubeconfig = Kubeconfig.read(lab.kubeconfig());
        runbook = Doctor.loadRunbook(Optional.empty());
    }

    @AfterEach
    void reset() {
        lab.reset();
    }

    @AfterAll
    static void down() {
        lab.close();
    }

    static PreflightReport preflight(int participants, Duration length) {
        return preflight(participants, length, Optional.empty());
    }

    static PreflightReport preflight(int participants, Duration length, Optional<Backlog> backlog) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new Preflight(config, runbook, new Workshop("test", now, now.plus(length), participants))
                .run(kubeconfig, config.regions(), o -> {}, backlog);
    }

    static List<Item> items(PreflightReport report, String check) {
        return report.items().stream().filter(i -> i.check().equals(check)).toList();
    }

    static List<Item> notOk(PreflightReport report, String check) {
        return items(report, check).stream().filter(i -> i.status() != Status.OK).toList();
    }

    @Test
    void theHealthyLabIsReadyForAShortSmallWorkshopInEveryItem() {
        PreflightReport r = preflight(5, Duration.ofMinutes(30));
        assertThat(r.items()).allSatisfy(i -> assertThat(i.status()).as(i.toString()).isEqualTo(Status.OK));
        assertThat(r.items()).extracting(Item::check).containsOnly("routing", "capacity", "provisioners", "litellm", "key-rotation",
                "pull-secrets", "litellm-credentials", "images", "incidents", "findings");
        assertThat(items(r, "routing")).extracting(Item::region).containsExactly("us-east-2", "us-west-2", "eu-west-2");
        assertThat(items(r, "capacity")).hasSize(3);
        assertThat(r.go()).isTrue();
    }

    @Test
    void routingBlocksOnAFailingHealthzAndOnARegionThatCannotBeRead() {
        lab.inject("health-failing");
        assertThat(notOk(preflight(5, Duration.ofMinutes(30)), "routing")).singleElement().satisfies(i -> {
            assertThat(i.region()).isEqualTo("eu-west-2");
            assertThat(i.status()).isEqualTo(Status.BLOCKER);
            assertThat(i.detail()).startsWith("subdomain-routing/health-check-failing");
        });
        lab.inject("region-down");
        assertThat(notOk(preflight(5, Duration.ofMinutes(30)), "routing")).anySatisfy(i -> {
            assertThat(i.region()).isEqualTo("eu-west-2");
            assertThat(i.detail()).startsWith("region unreachable (connection-refused)");
        });
    }

    @Test
    void capacityBlocksBeyondTheNodePoolsLimitsAndWhenDoctorFindsNoRoom() {
        PreflightReport many = preflight(400, Duration.ofMinutes(30));
        assertThat(items(many, "capacity")).allSatisfy(i -> {
            assertThat(i.status()).isEqualTo(Status.BLOCKER);
            assertThat(i.detail()).contains("400 workspaces of", "beyond the NodePools' limits", "kubectl edit nodepool default --context=");
            assertThat(i.fix()).isNull();
        });
        assertThat(items(preflight(40, Duration.ofMinutes(30)), "capacity")).allSatisfy(i -> {
            assertThat(i.status()).isEqualTo(Status.OK);
            assertThat(i.detail()).contains("Karpenter can launch the rest (NodePool default: cpu ");
        });

        lab.inject("node-capacity");
        assertThat(notOk(preflight(5, Duration.ofMinutes(30)), "capacity")).singleElement().satisfies(i -> {
            assertThat(i.region()).isEqualTo("us-east-2");
            assertThat(i.detail()).contains("resource-contention/insufficient-node-capacity");
        });
    }

    @Test
    void provisionersThatCrashBlockWithDoctorsFindingRatherThanAScaleUp() {
        lab.inject("provisioners-crashloop");
        assertThat(notOk(preflight(5, Duration.ofMinutes(30)), "provisioners")).singleElement().satisfies(i -> {
            assertThat(i.status()).isEqualTo(Status.BLOCKER);
            assertThat(i.detail()).startsWith("provisioner-failures/provisioners-down");
        });
    }

    @Test
    void litellmIsARiskWhenTooFewReplicasForTheParticipantsAndABlockerWhenSaturatedNow() {
        Item forty = items(preflight(40, Duration.ofMinutes(30)), "litellm").getFirst();
        assertThat(forty.status()).isEqualTo(Status.RISK);
        assertThat(forty.detail()).contains("40 participants need 5 replicas of LiteLLM (8 users each", "litellm runs 4 (4 ready)");
        assertThat(forty.fix()).isEqualTo("pitcrew fix scale-litellm --replicas 6");
        assertThat(items(preflight(200, Duration.ofMinutes(30)), "litellm").getFirst().status())
                .as("25 replicas are more than bounds.litellmReplicas").isEqualTo(Status.BLOCKER);

        lab.inject("litellm-capacity");
        Item saturated = items(preflight(5, Duration.ofMinutes(30)), "litellm").getFirst();
        assertThat(saturated.status()).isEqualTo(Status.BLOCKER);
        assertThat(saturated.detail()).startsWith("litellm-auth/litellm-capacity-exceeded");
        assertThat(saturated.fix()).isEqualTo("pitcrew fix scale-litellm");
    }

    @Test
    void aRotationHappeningNowBlocksWithThePause() {
        lab.inject("key-rotation");
        Item now = items(preflight(5, Duration.ofMinutes(30)), "key-rotation").getFirst();
        assertThat(now.status()).isEqualTo(Status.BLOCKER);
        assertThat(now.detail()).startsWith("workspace-restarts/key-rotation");
        assertThat(now.fix()).isEqualTo("pitcrew fix pause-key-rotation");
    }

    @Test
    void pullSecretsExpiringBeforeTheEndAreRisksAndExpiredOnesBlock() {
        // the healthy lab refreshed them two hours ago: ECR tokens live twelve
        List<Item> longDay = notOk(preflight(5, Duration.ofHours(11)), "pull-secrets");
        assertThat(longDay).isNotEmpty().allSatisfy(i -> {
            assertThat(i.status()).isEqualTo(Status.RISK);
            assertThat(i.detail()).contains("its ECR token expires", "before the workshop ends");
            assertThat(i.fix()).startsWith("pitcrew fix refresh-pull-secret --region " + i.region() + " -n ");
        });
        lab.inject("pull-auth-expired");
        assertThat(notOk(preflight(5, Duration.ofMinutes(30)), "pull-secrets")).anySatisfy(i -> {
            assertThat(i.region()).isEqualTo("us-east-2");
            assertThat(i.status()).isEqualTo(Status.BLOCKER);
        });
    }

    @Test
    void credentialsExpiringBeforeTheEndAreRisksAndExpiredOnesBlock() {
        // the healthy lab's Bedrock credentials expire in nine hours
        assertThat(notOk(preflight(5, Duration.ofHours(10)), "litellm-credentials")).singleElement().satisfies(i -> {
            assertThat(i.status()).isEqualTo(Status.RISK);
            assertThat(i.detail()).startsWith("Secret litellm/litellm-aws-credentials expires").contains("before the workshop ends");
            assertThat(i.fix()).isEqualTo("pitcrew fix update-litellm-credentials --secret litellm-aws-credentials --from-stdin --expires-at TIME");
        });
        lab.inject("litellm-credentials-expired");
        assertThat(notOk(preflight(5, Duration.ofMinutes(30)), "litellm-credentials")).singleElement().satisfies(i -> {
            assertThat(i.status()).isEqualTo(Status.BLOCKER);
            assertThat(i.detail()).startsWith("litellm-auth/credentials-expired");
        });
    }

    @Test
    void imagesBlockOnAStaleMirrorAndOnARegionRunningAnotherBuild() {
        lab.inject("mirror-stale");
        assertThat(notOk(preflight(5, Duration.ofMinutes(30)), "images")).singleElement().satisfies(i -> {
            assertThat(i.status()).isEqualTo(Status.BLOCKER);
            assertThat(i.fix()).isEqualTo("pitcrew fix sync-mirror");
        });
        lab.reset();
        lab.inject("image-mismatch");
        assertThat(notOk(preflight(5, Duration.ofMinutes(30)), "images")).singleElement().satisfies(i -> {
            assertThat(i.region()).isEqualTo("eu-west-2");
            assertThat(i.fix()).isEqualTo("pitcrew fix restart-coder --region eu-west-2");
        });
    }

    @Test
    void whateverElseDoctorFindsIsItsOwnLineWithItsFix() {
        lab.inject("storage-exhaustion");
        List<Item> found = notOk(preflight(5, Duration.ofMinutes(30)), "findings");
        assertThat(found).singleElement().satisfies(i -> {
            assertThat(i.region()).isEqualTo("us-west-2");
            assertThat(i.status()).isEqualTo(Status.BLOCKER);
            assertThat(i.detail()).startsWith("workspace-restarts/ephemeral-storage-exhaustion");
            assertThat(i.fix()).startsWith("pitcrew fix delete-workspace-pod --region us-west-2 -n coder-workspaces --pod ");
        });
    }

    @Test
    void openIncidentsAndTheLastWorkshopsUndoneWorkComeFromTheStore() {
        assertThat(items(preflight(5, Duration.ofMinutes(30)), "incidents")).singleElement()
                .satisfies(i -> assertThat(i.detail()).isEqualTo("no incident store (--db) to read"));
        try (Store store = Store.open(dir.resolve("pitcrew.db"))) {
            Incidents incidents = new Incidents(store, Clock.systemUTC());
            Workshop coming = new Workshop("dec", Instant.now(), Instant.now().plus(Duration.ofHours(2)), 5);
            assertThat(Backlog.read(incidents, Workshops.none(), coming).open()).isEmpty();

            Incident last = incidents.declare(new Declaration("Builds queued", Severity.P2, "nov", Optional.empty(), Optional.empty(),
                    List.of(), List.of(), Optional.empty()), "alice");
            last = incidents.save(last, Lifecycle.followUp(last, new FollowUpItem("autoscale provisioners on queue depth", ""), "alice", incidents.now()));
            incidents.save(last, Lifecycle.resolve(last, "6 provisioners for 40 users", "alice", incidents.now()));
            incidents.declare(Declaration.of("Workspaces restart", Severity.P1), "bob");

            Backlog backlog = Backlog.read(incidents, Workshops.none(), coming);
            assertThat(backlog.lastWorkshop()).contains("nov");
            List<Item> found = notOk(preflight(5, Duration.ofMinutes(30), Optional.of(backlog)), "incidents");
            assertThat(found).anySatisfy(i -> {
                assertThat(i.status()).isEqualTo(Status.BLOCKER);
                assertThat(i.detail()).isEqualTo("open: INC-2 P1 investigating: Workspaces restart (pitcrew incident show INC-2)");
            });
            assertThat(found).anySatisfy(i -> {
                assertThat(i.status()).isEqualTo(Status.RISK);
                assertThat(i.detail()).startsWith("INC-1 of the last workshop (nov): post-incident checklist not done: github-issue")
                        .contains("(pitcrew incident checklist INC-1 --check github-issue)", "follow-up without an issue: autoscale provisioners on queue depth");
            });
        }
    }
}
