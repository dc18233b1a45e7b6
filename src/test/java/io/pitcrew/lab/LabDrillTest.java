package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pitcrew.cli.Pitcrew;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The lab runs a drill by itself: it injects the faults when they are due, grows a growing one, and knows when a fix
 * took a fault away — the runbook's own fix, applied as responders would, for every fault a fix can take away in the
 * lab; a reset is not a fix, it aborts the drill.
 */
class LabDrillTest {

    @TempDir
    static Path tmp;
    static Lab lab;
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @BeforeAll
    static void up() {
        lab = Lab.start(LabKit.dir(tmp), null, 24);
    }

    @AfterEach
    void endDrill() {
        lab.drill().end();
    }

    @AfterAll
    static void down() {
        lab.close();
    }

    /** How a responder takes each fault away: the runbook's pitcrew fix where it names one, else what kubectl would do. */
    static final Map<String, Consumer<Lab>> FIXES = fixes();

    private static Map<String, Consumer<Lab>> fixes() {
        Map<String, Consumer<Lab>> f = new LinkedHashMap<>();
        f.put("storage-exhaustion", l -> deleteTroubledWorkspaces(l, "us-west-2"));
        f.put("storage-filling", l -> deleteUnboundedWorkspaces(l, "us-west-2"));
        f.put("key-rotation", l -> fix(l, "pause-key-rotation", "--yes"));
        f.put("node-pressure", l -> deleteTroubledWorkspaces(l, "eu-west-2"));
        f.put("node-capacity", l -> raiseNodePoolLimit(l, "us-east-2"));
        f.put("provisioner-shortage", l -> fix(l, "scale-provisioners", "--yes"));
        f.put("image-mismatch", l -> fix(l, "restart-coder", "--region", "eu-west-2", "--yes"));
        f.put("mirror-stale", l -> fix(l, "sync-mirror", "--yes"));
        f.put("provisioner-oom", l -> fix(l, "raise-provisioner-limits", "--yes"));
        f.put("iam-role-missing", l -> annotateProvisionerServiceAccount(l));
        f.put("litellm-credentials-expired", l -> rewriteLitellmCredentials(l));
        f.put("litellm-key-rotation", l -> fix(l, "pause-key-rotation", "--yes"));
        f.put("litellm-outage", l -> fix(l, "restart-litellm", "--yes"));
        f.put("litellm-capacity", l -> fix(l, "scale-litellm", "--yes"));
        return f;
    }

    static Stream<String> fixable() {
        return Rehearsals.ALL.stream().filter(Rehearsal::fixableInLab).map(Rehearsal::name);
    }

    @Test
    void everyFaultButHealthyCanBeDrilledAndNoReportNamesItsFault() {
        List<String> scenarios = Scenarios.names().stream().filter(n -> !n.equals("healthy") && !Rehearsals.NOT_DRILLED.contains(n)).toList();
        assertThat(Rehearsals.names()).containsAll(scenarios).doesNotContain("healthy").doesNotContainAnyElementsOf(Rehearsals.NOT_DRILLED);
        assertThat(Scenarios.names()).containsAll(Rehearsals.NOT_DRILLED);
        for (Rehearsal r : Rehearsals.ALL) {
            Scenarios.byName(r.name()).ifPresent(s -> assertThat(r.expected()).isEqualTo(s.expectedIncidentType() + "/" + s.expectedCause()));
            assertThat(r.report()).as(r.name()).isNotBlank().doesNotContain(r.name()).doesNotContain(r.expectedCause());
        }
        // every fault a fix can take away has that fix shown to work below
        assertThat(FIXES.keySet()).containsExactlyInAnyOrderElementsOf(fixable().toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixable")
    void theRunbooksFixTakesTheFaultAwayAndTheLabSaysWhen(String name) {
        Rehearsal fault = Rehearsals.byName(name).orElseThrow();
        lab.drill().arm("DRILL-" + name, List.of(fault), Duration.ZERO, Duration.ofMillis(200));
        // a growing fault is fixed once it is whole: the fix has to reach every stage's victims
        await().atMost(PATIENCE).until(() -> state().injected() && state().faults().getFirst().stage() == fault.stages().size());
        await().atMost(PATIENCE).until(() -> state().faults().getFirst().active());
        assertThat(state().mitigated()).isFalse();

        FIXES.get(name).accept(lab);

        await().atMost(PATIENCE).until(() -> state().mitigated());
        DrillState ended = lab.drill().end().orElseThrow();
        assertThat(ended.ended()).isTrue();
        assertThat(ended.mitigated()).isTrue();
        assertThat(ended.faults().getFirst().mitigatedAt()).isAfterOrEqualTo(ended.injectedAt());
    }

    @Test
    void aResetIsNoFixItAbortsTheDrillWithTheFaultStanding() {
        lab.drill().arm("DRILL-reset", List.of(Rehearsals.byName("storage-exhaustion").orElseThrow()), Duration.ZERO, LabDrill.STEP);
        await().atMost(PATIENCE).until(() -> state().injected() && state().faults().getFirst().active());

        lab.reset(); // the evicted pods are gone with it, but nobody fixed anything

        DrillState after = state();
        assertThat(after.aborted()).isEqualTo("the lab was reset");
        assertThat(after.live()).isFalse();
        assertThat(after.mitigated()).isFalse();
        assertThat(lab.drill().end().orElseThrow().mitigated()).isFalse();
    }

    @Test
    void aDelayedFaultIsNotThereUntilItIsDueAndEndingFirstMeansItNeverComes() {
        lab.drill().arm("DRILL-later", List.of(Rehearsals.byName("node-pressure").orElseThrow()), Duration.ofHours(1), LabDrill.STEP);
        assertThat(state().injected()).isFalse();
        assertThat(state().injectAt()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
        DrillState ended = lab.drill().end().orElseThrow();
        assertThat(ended.injected()).isFalse();
        assertThat(ended.faults().getFirst().active()).isFalse();
        try (KubernetesClient c = LabKit.client(lab, "eu-west-2")) {
            assertThat(c.nodes().list().getItems()).allSatisfy(n -> assertThat(n.getStatus().getConditions())
                    .noneMatch(cond -> cond.getType().equals("MemoryPressure") && cond.getStatus().equals("True")));
        }
    }

    @Test
    void aGrowingFaultBeginsWithItsOnsetOnly() {
        Rehearsal filling = Rehearsals.byName("storage-filling").orElseThrow();
        assertThat(filling.grows()).isTrue();
        lab.drill().arm("DRILL-grow", List.of(filling), Duration.ZERO, Duration.ofSeconds(30));
        await().atMost(PATIENCE).until(() -> state().injected());
        try (KubernetesClient c = LabKit.client(lab, "us-west-2")) {
            // the onset: a workspace without a size limit on its disk, and the kubelet failing to free space; nothing evicted yet
            assertThat(unbounded(c)).hasSize(1);
            assertThat(c.v1().events().inAnyNamespace().list().getItems()).anyMatch(e -> "FreeDiskSpaceFailed".equals(e.getReason()));
            assertThat(c.pods().inAnyNamespace().list().getItems()).noneMatch(p -> "Evicted".equals(p.getStatus().getReason()));
        }
        assertThat(state().faults().getFirst().stage()).isEqualTo(1);
    }

    @Test
    void aFaultTakenAwayStopsGrowing() {
        List<List<Change>> written = new ArrayList<>();
        LabDrill drill = new LabDrill(new LabDrill.Platform() {
            @Override
            public void rebase(Instant now) {
            }

            @Override
            public void write(String what, List<Change> changes) {
                written.add(changes);
            }

            @Override
            public Topology topology() {
                return new Topology(Map.of());
            }

            @Override
            public LabState state() {
                return null;
            }
        });
        Scenario.Overlay stage = (t, now) -> List.of();
        Rehearsal fixedAtOnce = new Rehearsal("fixed", "a fault fixed before it grew", "it went away", "t", "c",
                List.of(stage, stage, stage), (state, injected) -> false, true);
        try (drill) {
            drill.arm("DRILL-stop", List.of(fixedAtOnce), Duration.ZERO, Duration.ofMillis(50));
            await().atMost(PATIENCE).until(() -> drill.state().orElseThrow().mitigated());
            // its two later stages were due 50 and 100 ms after the injection: neither came
            await().pollDelay(Duration.ofMillis(500)).atMost(PATIENCE).until(() -> true);
            assertThat(written).hasSize(1);
            assertThat(drill.state().orElseThrow().faults().getFirst().stage()).isEqualTo(1);
        }
    }

    @Test
    void oneLiveDrillAtATime() {
        lab.drill().arm("DRILL-one", List.of(Rehearsals.byName("node-pressure").orElseThrow()), Duration.ofHours(1), LabDrill.STEP);
        assertThatThrownBy(() -> lab.drill().arm("DRILL-two",
                        List.of(Rehearsals.byName("node-pressure").orElseThrow()), Duration.ZERO, LabDrill.STEP))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DRILL-one");
        lab.drill().end();
        assertThat(lab.drill().arm("DRILL-two", List.of(Rehearsals.byName("node-pressure").orElseThrow()), Duration.ofHours(1), LabDrill.STEP)
                .id()).isEqualTo("DRILL-two");
    }

    private static DrillState state() {
        return lab.drill().state().orElseThrow();
    }

    // ---- fixes, as responders make them

    private static void fix(Lab l, String... args) {
        List<String> all = new ArrayList<>(List.of("fix"));
        all.addAll(List.of(args));
        all.addAll(List.of("--db", tmp.resolve("pitcrew.db").toString(), "--wait", "30s"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Pitcrew.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(LabKit.args(l, null, all.toArray(String[]::new)));
        assertThat(exit).as(String.join(" ", args) + "\n" + out + err).isZero();
    }

    private static void deleteTroubledWorkspaces(Lab l, String region) {
        try (KubernetesClient c = LabKit.client(l, region)) {
            for (Pod p : c.pods().inNamespace(Workspaces.NAMESPACE).list().getItems()) {
                boolean troubled = !"Running".equals(p.getStatus().getPhase())
                        || p.getStatus().getContainerStatuses().stream().anyMatch(s -> !Boolean.TRUE.equals(s.getReady()));
                if (troubled) c.pods().inNamespace(Workspaces.NAMESPACE).withName(p.getMetadata().getName()).delete();
            }
        }
    }

    /** The runbook's jq line finds the workspaces whose emptyDir has no size limit: the runaway one, and those it had evicted. */
    private static void deleteUnboundedWorkspaces(Lab l, String region) {
        try (KubernetesClient c = LabKit.client(l, region)) {
            for (Pod p : unbounded(c)) c.pods().inNamespace(Workspaces.NAMESPACE).withName(p.getMetadata().getName()).delete();
        }
    }

    private static List<Pod> unbounded(KubernetesClient c) {
        return c.pods().inNamespace(Workspaces.NAMESPACE).list().getItems().stream()
                .filter(p -> p.getSpec().getVolumes().stream().anyMatch(v -> v.getEmptyDir() != null && v.getEmptyDir().getSizeLimit() == null))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static void raiseNodePoolLimit(Lab l, String region) {
        try (KubernetesClient c = LabKit.client(l, region)) {
            GenericKubernetesResource pool = c.genericKubernetesResources(LabKit.NODEPOOLS).withName("default").get();
            Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) pool.getAdditionalProperties().get("spec"));
            spec.put("limits", Map.of("cpu", "2000", "memory", "8000Gi"));
            pool.setAdditionalProperty("spec", spec);
            c.genericKubernetesResources(LabKit.NODEPOOLS).resource(pool).update();
        }
    }

    private static void annotateProvisionerServiceAccount(Lab l) {
        try (KubernetesClient c = LabKit.client(l, "us-east-2")) {
            var sa = c.serviceAccounts().inNamespace("coder").withName(ProvisionerScenarios.SERVICE_ACCOUNT).get();
            c.serviceAccounts().inNamespace("coder").resource(new ServiceAccountBuilder(sa).editMetadata()
                    .addToAnnotations("eks.amazonaws.com/role-arn", ProvisionerScenarios.ROLE_ARN).endMetadata().build()).update();
        }
    }

    private static void rewriteLitellmCredentials(Lab l) {
        try (KubernetesClient c = LabKit.client(l, "us-east-2")) {
            var secret = c.secrets().inNamespace("litellm").withName(LiteLLMScenarios.AWS_SECRET).get();
            secret.getMetadata().getAnnotations().put("pitcrew.io/expires-at", Instant.now().plus(Duration.ofHours(12)).toString());
            c.secrets().inNamespace("litellm").resource(secret).update();
        }
    }
}
