package io.pitcrew.doctor;

import io.pitcrew.check.Evidence;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Severity;
import io.pitcrew.runbook.Step;
import io.pitcrew.runbook.SuggestedFix;
import io.pitcrew.text.Aligned;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** doctor's region table is sized to its regions: a long name moves the columns, it does not break them. */
class TableReportTest {

    static final String LONG_REGION = "ap-southeast-2-extra"; // 20 characters: more than the old %-12s

    static final DoctorReport REPORT = new DoctorReport(Instant.EPOCH, 2300, List.of(
            new RegionStatus("us-east-2", "control-plane", "prod-use2", "ok", null, 310, 12, 140, 24, List.of()),
            new RegionStatus(LONG_REGION, "proxy", "arn:aws:eks:ap-southeast-2:123456789012:cluster/extra", "ok", null, 1520,
                    3, 1024, 1000, List.of("metrics (no metrics API)")),
            new RegionStatus("eu-west-2", "proxy", "prod-euw2", "unreachable", "connection refused: 127.0.0.1:1", 15000,
                    0, 0, 0, List.of())),
            List.of(), List.of(evicted(List.of(new SuggestedFix("delete-workspace-pod",
                    List.of(Map.of("region", LONG_REGION, "namespace", "coder-workspaces", "pod", "ws-0")))))));

    static Finding evicted(List<SuggestedFix> fixes) {
        return new Finding("workspace-restarts", "ephemeral-storage-exhaustion", "Ephemeral volume storage exhaustion",
                Severity.P1, List.of(LONG_REGION), LONG_REGION + ": 5 pods evicted", 5,
                IntStream.range(0, 5).mapToObj(i -> new Evidence(LONG_REGION, "Pod", "coder-workspaces", "ws-" + i, "Evicted")).toList(),
                List.of(new Step("Check for evicted pods", "kubectl get pods -A | grep Evicted")), "docs/runbook.md#workspace-restarts", fixes);
    }

    @Test
    void aTwentyCharacterRegionKeepsEveryColumnInLine() {
        List<String> lines = TableReport.render(REPORT).lines().toList();
        assertThat(lines.getFirst()).isEqualTo("REGION                ROLE           STATUS       NODES  PODS  WORKSPACES  TOOK");
        Aligned.columns(List.of(lines.get(0), lines.get(1), lines.get(2), lines.get(4)));
        assertThat(lines.get(2)).isEqualTo(LONG_REGION + "  proxy          ok           3      1024  1000        1.52s");
        assertThat(lines.get(3)).isEqualTo("  (could not read metrics (no metrics API))");
        assertThat(lines.get(4)).isEqualTo("eu-west-2             proxy          unreachable  -      -     -           15.00s");
        assertThat(lines.get(5)).isEqualTo("  (connection refused: 127.0.0.1:1)");
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotEndWith(" ").doesNotContain("\u001b"));
        assertThat(String.join("\n", lines)).contains("... and 2 more (-o wide or -o json shows all)");
    }

    @Test
    void wideAddsContextFindingsAndEvidencePerRegionAndShowsAllEvidence() {
        List<String> lines = TableReport.wide(REPORT).lines().toList();
        assertThat(lines.getFirst()).startsWith("REGION                ROLE           CONTEXT").endsWith("WORKSPACES  FINDINGS  EVIDENCE  TOOK");
        Aligned.columns(List.of(lines.get(0), lines.get(1), lines.get(2), lines.get(4)));
        assertThat(lines.get(2)).contains("arn:aws:eks:ap-southeast-2:123456789012:cluster/extra").endsWith("1000        1         5         1.52s");
        assertThat(lines.get(1)).endsWith("24          0         0         0.31s");
        String all = String.join("\n", lines);
        assertThat(all).contains("ws-4").doesNotContain("more (-o");
    }

    @Test
    void theFixActionsComeWithTheFindingAndAFindingWithoutNamesNone() {
        assertThat(TableReport.render(REPORT)).contains("    fix with pitcrew: pitcrew fix delete-workspace-pod  (shows the plan; --yes applies)");
        DoctorReport none = new DoctorReport(REPORT.observedAt(), REPORT.tookMillis(), REPORT.regions(), REPORT.notAsked(),
                List.of(evicted(List.of())));
        assertThat(TableReport.render(none)).contains("next steps:").doesNotContain("fix with pitcrew");
    }
}
