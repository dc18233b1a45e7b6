package io.pitcrew.runbook;

import io.pitcrew.check.Evidence;
import io.pitcrew.check.Signal;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.YamlDocument;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One root cause per problem: every {@code explains:} of the built-in runbook folds its symptom into the cause where both
 * are found in one region (and only there), and the loader refuses an {@code explains:} that names no cause.
 */
class ExplainsTest {

    private static final String CP = "us-east-2";
    private static final String PROXY = "eu-west-2";
    private final Runbook runbook = Doctor.loadRunbook(Optional.empty());
    private final Diagnosis diagnosis = new Diagnosis(runbook, PitcrewConfig.runbookDefaults());

    /** A rule of the built-in runbook: the cause's signals, and the symptom's, which alone make the symptom's finding. */
    record Rule(String cause, List<String> causeSignals, String symptom, List<String> symptomSignals) {
        @Override
        public String toString() {
            return cause + " explains " + symptom;
        }
    }

    static Stream<Rule> rules() {
        return Stream.of(
                new Rule("provisioner-failures/provisioner-resource-limits", List.of("provisioner-oom-killed"),
                        "resource-contention/insufficient-provisioners", List.of("provisioners-below-baseline")),
                new Rule("provisioner-failures/provisioner-resource-limits", List.of("provisioner-oom-killed"),
                        "provisioner-failures/provisioners-down", List.of("provisioners-down")),
                new Rule("provisioner-failures/provisioner-resource-limits", List.of("provisioner-cpu-throttled"),
                        "provisioner-failures/insufficient-provisioners", List.of("provisioner-jobs-queued")),
                new Rule("provisioner-failures/provisioners-down", List.of("provisioners-down"),
                        "provisioner-failures/provisioner-daemons-offline", List.of("provisioner-daemons-offline")),
                new Rule("provisioner-failures/provisioners-down", List.of("provisioners-down"),
                        "provisioner-failures/builds-stuck", List.of("builds-stuck")),
                new Rule("provisioner-failures/provisioners-down", List.of("provisioners-down"),
                        "provisioner-failures/insufficient-provisioners", List.of("provisioner-jobs-queued")),
                new Rule("provisioner-failures/provisioners-down", List.of("provisioners-down"),
                        "resource-contention/insufficient-provisioners", List.of("provisioners-below-baseline")),
                new Rule("provisioner-failures/insufficient-provisioners", List.of("provisioner-jobs-queued"),
                        "provisioner-failures/builds-stuck", List.of("builds-stuck")),
                new Rule("provisioner-failures/provisioner-daemons-offline", List.of("provisioner-daemons-offline"),
                        "provisioner-failures/builds-stuck", List.of("builds-unmatched")),
                new Rule("resource-contention/karpenter-not-scaling", List.of("pods-unschedulable", "nodeclaim-launch-failed"),
                        "resource-contention/karpenter-down", List.of("karpenter-down")),
                new Rule("resource-contention/karpenter-not-scaling", List.of("pods-unschedulable", "pods-unschedulable-long"),
                        "provisioner-failures/builds-stuck", List.of("builds-stuck")),
                new Rule("resource-contention/insufficient-node-capacity", List.of("pods-unschedulable", "nodepool-at-limit"),
                        "resource-contention/karpenter-down", List.of("karpenter-down")),
                new Rule("resource-contention/insufficient-node-capacity", List.of("pods-unschedulable", "nodepool-at-limit"),
                        "provisioner-failures/builds-stuck", List.of("builds-stuck")),
                new Rule("litellm-auth/litellm-outage", List.of("litellm-pods-down"),
                        "litellm-auth/key-rotation", List.of("key-rotation-recent", "litellm-keys-rejected")),
                new Rule("subdomain-routing/coderd-down", List.of("coderd-down"),
                        "subdomain-routing/health-check-failing", List.of("health-check-failing")),
                new Rule("subdomain-routing/workspace-proxy-unhealthy", List.of("workspace-proxy-down"),
                        "subdomain-routing/health-check-failing", List.of("health-check-failing")));
    }

    @Test
    void everyExplainsOfTheRunbookHasItsRuleHere() {
        List<String> declared = new ArrayList<>();
        runbook.types().forEach(t -> t.causes().forEach(c -> c.explains().forEach(e -> declared.add(Finding.key(t.id(), c.id()) + " explains " + e))));
        assertThat(rules().map(Rule::toString)).containsExactlyInAnyOrderElementsOf(declared);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void theSymptomAloneIsItsOwnFinding(Rule rule) {
        assertThat(keys(diagnosis.findings(signals(CP, rule.symptomSignals())))).containsExactly(rule.symptom());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void withItsCauseInTheSameRegionItIsTheCausesEvidence(Rule rule) {
        List<Signal> both = new ArrayList<>(signals(CP, rule.causeSignals()));
        both.addAll(signals(CP, rule.symptomSignals()));
        List<Finding> findings = diagnosis.findings(both);
        assertThat(keys(findings)).containsExactly(rule.cause());
        Finding f = findings.getFirst();
        assertThat(f.summary()).endsWith("(explains " + rule.symptom() + ")");
        assertThat(f.evidence()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("Finding");
            assertThat(e.name()).isEqualTo(rule.symptom());
            assertThat(e.region()).isEqualTo(CP);
            assertThat(e.detail()).startsWith("explains: ");
        });
        // the symptom's own evidence comes along
        assertThat(f.evidence()).extracting(Evidence::name).contains(rule.symptomSignals().getFirst() + "-pod");
    }

    @Test
    void aSymptomInARegionTheCauseDoesNotReachStaysItsOwnFindingThere() {
        List<Signal> signals = new ArrayList<>(signals(PROXY, List.of("karpenter-down")));
        signals.addAll(signals("us-west-2", List.of("karpenter-down", "pods-unschedulable", "nodeclaim-launch-failed")));
        List<Finding> findings = diagnosis.findings(signals);
        assertThat(findings).extracting(f -> f.key() + f.regions()).containsExactly(
                "resource-contention/karpenter-not-scaling[us-west-2]", "resource-contention/karpenter-down[eu-west-2]");
        assertThat(findings.getLast().evidence()).noneSatisfy(e -> assertThat(e.region()).isEqualTo("us-west-2"));
    }

    @Test
    void aChainEndsInTheFirstCauseWithEverySymptomAndTheWorstSeverity() {
        // OOMKilled → provisioners-down → builds stuck (five builds: P1 on their own)
        List<Signal> signals = new ArrayList<>(signals(CP, List.of("provisioner-oom-killed", "provisioners-down")));
        signals.add(new Signal("builds-stuck", CP, 5, "5 workspace builds stuck", List.of(new Evidence(CP, "Workspace", "", "builds-stuck-pod", "pending 12m"))));
        List<Finding> findings = diagnosis.findings(signals);
        assertThat(keys(findings)).containsExactly("provisioner-failures/provisioner-resource-limits");
        assertThat(findings.getFirst().severity()).isEqualTo(Severity.P1);
        assertThat(findings.getFirst().evidence()).filteredOn(e -> e.kind().equals("Finding")).extracting(Evidence::name)
                .containsExactly("provisioner-failures/provisioners-down", "provisioner-failures/builds-stuck");
    }

    @Test
    void aUsersTypeMayExplainAndTheLoaderRefusesANameThatIsNoCause(@TempDir Path dir) throws Exception {
        RunbookLoader loader = new RunbookLoader(Doctor.knownSignals());
        String mine = """
                id: gpu
                title: GPUs
                causes:
                  - id: driver-crash
                    title: The GPU driver crashes
                    detect: {all: [karpenter-errors]}
                    severity: {default: P2}
                    explains: [stuck, resource-contention/karpenter-down, resource-contention/karpenter-dwn, driver-crash, "Not A Cause"]
                  - id: stuck
                    title: Builds stuck
                    detect: {all: [builds-stuck]}
                    severity: {default: P2}
                """;
        Path file = dir.resolve("gpu.yaml");
        Files.writeString(file, mine);
        assertThatThrownBy(() -> loader.load(Optional.of(dir)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).extracting(Problem::render).containsExactly(
                        file + ":8: causes[0].explains[4]: 'Not A Cause' is not a cause\n"
                                + "    fix: name a cause as its id (of this incident type) or incidentType/cause"));
        Files.writeString(file, mine.replace(", \"Not A Cause\"", ""));
        assertThatThrownBy(() -> loader.load(Optional.of(dir)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).extracting(Problem::render).containsExactly(
                        file + ":8: causes[0].explains[2]: no cause 'resource-contention/karpenter-dwn'\n"
                                + "    fix: did you mean 'resource-contention/karpenter-down'? name a cause as its id (of this incident type) or incidentType/cause",
                        file + ":8: causes[0].explains[3]: a cause cannot explain itself\n    fix: name the causes this one explains"));
        Files.writeString(file, mine.replace(", resource-contention/karpenter-dwn, driver-crash, \"Not A Cause\"", ""));
        Runbook loaded = loader.load(Optional.of(dir));
        Cause crash = loaded.types().getLast().causes().getFirst();
        assertThat(crash.explains()).containsExactly("gpu/stuck", "resource-contention/karpenter-down");
        List<Finding> findings = new Diagnosis(loaded, PitcrewConfig.runbookDefaults())
                .findings(List.of(signal("karpenter-errors", CP), signal("builds-stuck", CP), signal("karpenter-down", CP)));
        // the built-in builds-stuck matches too, and nothing built in explains it here
        assertThat(keys(findings)).containsExactlyInAnyOrder("gpu/driver-crash", "provisioner-failures/builds-stuck");
        assertThat(findings.stream().filter(f -> f.key().equals("gpu/driver-crash")).findFirst().orElseThrow().evidence())
                .filteredOn(e -> e.kind().equals("Finding")).extracting(Evidence::name)
                .containsExactly("gpu/stuck", "resource-contention/karpenter-down");
    }

    private static List<String> keys(List<Finding> findings) {
        return findings.stream().map(Finding::key).toList();
    }

    private static List<Signal> signals(String region, List<String> ids) {
        return ids.stream().map(id -> signal(id, region)).toList();
    }

    private static Signal signal(String id, String region) {
        return new Signal(id, region, 1, id + " seen", List.of(new Evidence(region, "Pod", "ns", id + "-pod", id + " detail")));
    }
}
