package io.pitcrew.cli;

import io.pitcrew.lab.Scenario;
import io.pitcrew.lab.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user's path end to end: {@code pitcrew demo --scenario S -o json} starts the lab with the fault, runs doctor
 * through a kubeconfig, and the JSON names exactly the scenario's incident type and cause — nothing unrelated.
 */
class DemoScenariosTest {

    static Stream<Scenario> scenarios() {
        return Scenarios.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void demoFindsTheScenariosCauseAndNothingElse(Scenario scenario) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = PitcrewLab.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("demo", "--scenario", scenario.name(), "-o", "json", "--workspaces", "30");

        assertThat(exit).as(err.toString()).isZero();
        JsonNode report = JsonMapper.builder().build().readTree(out.toString());
        JsonNode findings = report.get("findings");
        List<String> found = new ArrayList<>();
        findings.forEach(f -> found.add(f.get("incidentType").asString() + "/" + f.get("cause").asString()));
        assertThat(report.get("regions")).hasSize(3);

        if (scenario.expectedIncidentType() == null) {
            assertThat(found).as("healthy lab").isEmpty();
            return;
        }
        assertThat(found).as("findings of " + scenario.name())
                .containsExactly(scenario.expectedIncidentType() + "/" + scenario.expectedCause());
        findings.forEach(f -> {
            assertThat(f.get("evidence")).isNotEmpty();
            assertThat(f.get("actions")).isNotEmpty();
            assertThat(f.get("severity").asString()).matches("P[0-3]");
            assertThat(f.get("runbook").asString()).startsWith("docs/runbook.md#");
        });
    }

    /** The table and Markdown reports name the pitcrew fix a finding calls for; a finding without one names none. */
    @Test
    void reportsNameTheFixAFindingCallsFor() {
        assertThat(demo("provisioner-oom", "table")).contains("fix with pitcrew: pitcrew fix raise-provisioner-limits");
        assertThat(demo("provisioner-oom", "markdown")).contains("`pitcrew fix raise-provisioner-limits`");
        assertThat(demo("terraform-lock", "table")).doesNotContain("fix with pitcrew");
    }

    private static String demo(String scenario, String format) {
        StringWriter out = new StringWriter();
        var cli = PitcrewLab.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        cli.execute("demo", "--scenario", scenario, "-o", format, "--workspaces", "6");
        return out.toString();
    }
}
