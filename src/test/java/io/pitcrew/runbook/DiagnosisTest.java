package io.pitcrew.runbook;

import io.pitcrew.check.Evidence;
import io.pitcrew.check.Signal;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.yaml.YamlDocument;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DiagnosisTest {

    private static final String TYPE = """
            id: demo-type
            title: Demo
            causes:
              - id: pressure
                title: Pressure and restarts in one cluster
                detect: {all: [restarting], any: [memory-pressure, cpu-high], none: [disk-full], with: [noise]}
                severity: {default: P2, raise: [{to: P1, affected: 3}, {to: P0, regions: 3}]}
                actions:
                  - {title: Look at the pod, command: "kubectl describe pod {pod} -n {namespace} --context={context}"}
                  - {title: Check nodes, command: "kubectl top nodes --context={context}"}
                  - Tell the facilitators
                fix:
                  - {action: delete-workspace-pod, region: "{region}", namespace: "{namespace}", pod: "{pod}"}
                  - {action: restart-coder, region: "{region}"}
                  - scale-provisioners
                  - {action: scale-litellm, replicas: 7}
              - id: rotation
                title: Rotation anywhere, restarts anywhere
                detect: {all: [rotated, restarting], scope: platform}
                severity: {default: P2}
            """;

    private final Runbook runbook = new RunbookLoader(Set.of("restarting", "memory-pressure", "cpu-high", "disk-full", "noise", "rotated"))
            .fromDocuments(List.of(YamlDocument.parse("demo.yaml", TYPE)));
    private final Diagnosis diagnosis = new Diagnosis(runbook, PitcrewConfig.runbookDefaults());

    @Test
    void regionScopedRuleNeedsAllSignalsInTheSameRegion() {
        var findings = diagnosis.findings(List.of(signal("restarting", "us-west-2", 2), signal("memory-pressure", "eu-west-2", 1)));
        assertThat(findings).isEmpty();
    }

    @Test
    void matchingRegionGivesOneFindingWithEvidenceAndFilledCommands() {
        var findings = diagnosis.findings(List.of(signal("restarting", "us-west-2", 2), signal("cpu-high", "us-west-2", 1),
                signal("noise", "us-west-2", 1), signal("noise", "eu-west-2", 1)));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.incidentType()).isEqualTo("demo-type");
            assertThat(f.cause()).isEqualTo("pressure");
            assertThat(f.regions()).containsExactly("us-west-2");
            assertThat(f.severity()).isEqualTo(Severity.P2);
            assertThat(f.affected()).isEqualTo(2);
            assertThat(f.evidence()).extracting(Evidence::name).containsExactly("restarting-pod", "cpu-high-pod", "noise-pod");
            assertThat(f.actions()).extracting(Step::command).contains(
                    "kubectl describe pod restarting-pod -n ns --context=us-west-2",
                    "kubectl top nodes --context=us-west-2", null);
            assertThat(f.runbook()).isEqualTo("docs/runbook.md#demo-type");
        });
    }

    @Test
    void fixesAreFilledPerEvidencePodPerRegionOrAsWritten() {
        var findings = diagnosis.findings(List.of(signal("restarting", "us-west-2", 2), signal("cpu-high", "us-west-2", 1)));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.fixes()).extracting(SuggestedFix::action)
                    .containsExactly("delete-workspace-pod", "restart-coder", "scale-provisioners", "scale-litellm");
            assertThat(f.fixes().get(0).suggested()).containsExactly(
                    Map.of("region", "us-west-2", "namespace", "ns", "pod", "restarting-pod"),
                    Map.of("region", "us-west-2", "namespace", "ns", "pod", "cpu-high-pod"));
            assertThat(f.fixes().get(0).commandLines().getFirst())
                    .isEqualTo("pitcrew fix delete-workspace-pod --region us-west-2 -n ns --pod restarting-pod");
            assertThat(f.fixes().get(1).suggested()).containsExactly(Map.of("region", "us-west-2"));
            assertThat(f.fixes().get(2).suggested()).containsExactly(Map.of());
            assertThat(f.fixes().get(3).commandLines()).containsExactly("pitcrew fix scale-litellm --replicas 7");
        });
    }

    @Test
    void aFixWhoseObjectsTheEvidenceLacksIsNamedWithNothingFilledIn() {
        var onNodes = diagnosis.findings(List.of(
                new Signal("restarting", "us-west-2", 1, "seen", List.of(new Evidence("us-west-2", "Node", null, "node-1", "restarts"))),
                new Signal("cpu-high", "us-west-2", 1, "seen", List.of(new Evidence("us-west-2", "Node", null, "node-1", "busy")))));
        assertThat(onNodes).singleElement().satisfies(f -> {
            assertThat(f.fixes().getFirst().action()).isEqualTo("delete-workspace-pod");
            assertThat(f.fixes().getFirst().suggested()).isEmpty();
        });
    }

    @Test
    void aCauseWithoutFixHasNone() {
        var findings = diagnosis.findings(List.of(signal("rotated", "us-east-2", 1), signal("restarting", "eu-west-2", 4)));
        assertThat(findings).singleElement().satisfies(f -> assertThat(f.fixes()).isEmpty());
    }

    @Test
    void noneSignalVetoesTheCause() {
        var findings = diagnosis.findings(List.of(signal("restarting", "us-west-2", 2), signal("cpu-high", "us-west-2", 1),
                signal("disk-full", "us-west-2", 1)));
        assertThat(findings).isEmpty();
    }

    @Test
    void severityRisesWithAffectedObjectsAndRegions() {
        var oneRegion = diagnosis.findings(List.of(signal("restarting", "us-west-2", 5), signal("cpu-high", "us-west-2", 1)));
        assertThat(oneRegion).singleElement().extracting(Finding::severity).isEqualTo(Severity.P1);
        var everywhere = diagnosis.findings(List.of(
                signal("restarting", "us-east-2", 1), signal("cpu-high", "us-east-2", 1),
                signal("restarting", "us-west-2", 1), signal("cpu-high", "us-west-2", 1),
                signal("restarting", "eu-west-2", 1), signal("cpu-high", "eu-west-2", 1)));
        assertThat(everywhere).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.P0);
            assertThat(f.regions()).containsExactly("us-east-2", "us-west-2", "eu-west-2");
            assertThat(f.affected()).isEqualTo(3);
        });
    }

    @Test
    void platformScopedRulePoolsSignalsAcrossRegions() {
        var findings = diagnosis.findings(List.of(signal("rotated", "us-east-2", 1), signal("restarting", "eu-west-2", 4)));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.cause()).isEqualTo("rotation");
            assertThat(f.regions()).containsExactly("us-east-2", "eu-west-2");
        });
    }

    @Test
    void nothingSeenNothingFound() {
        assertThat(diagnosis.findings(List.of())).isEmpty();
    }

    private static Signal signal(String id, String region, int affected) {
        return new Signal(id, region, affected, id + " seen",
                List.of(new Evidence(region, "Pod", "ns", id + "-pod", id + " detail")));
    }

}
