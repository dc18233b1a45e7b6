package io.pitcrew.cli;

import io.pitcrew.doctor.Doctor;
import io.pitcrew.lab.LabExtension;
import io.pitcrew.lab.LabKit;
import io.pitcrew.runbook.RunbookLoader;
import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.YamlDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The runbook's sizing rules as risks in doctor, before anything queues or errs: a P3 finding of kind risk, shown apart,
 * with the fix; gone once the fix is applied, and the incident instead once the trouble shows.
 */
class RiskFindingsTest {

    @RegisterExtension
    static final LabExtension shared = LabExtension.healthy(12).resetAfterEach();

    @TempDir
    Path dir;

    private static FixCommandTest.Run doctor(String... more) {
        return WorkshopWindowsTest.doctor(shared.lab().config(), more);
    }

    /** {@code pitcrew fix ACTION ARGS --yes} on the lab, with a store of the test's own. */
    private FixCommandTest.Run fix(String... actionAndArgs) {
        List<String> all = new ArrayList<>(List.of("fix"));
        all.addAll(List.of(actionAndArgs));
        all.addAll(List.of("--yes", "--as", "host"));
        return FixCommandTest.pitcrew(LabKit.args(shared.lab(), dir.resolve("audit.db"), all.toArray(String[]::new)));
    }

    @Test
    void moreOwnersThanTheProvisionersAreSizedForIsARiskWithItsFixUntilScaled() {
        shared.lab().inject("provisioners-undersized");
        FixCommandTest.Run json = doctor("-o", "json");
        JsonNode findings = JsonMapper.builder().build().readTree(json.out()).get("findings");
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.get("kind").asString()).isEqualTo("risk");
            assertThat(f.get("severity").asString()).isEqualTo("P3");
            assertThat(f.get("incidentType").asString() + "/" + f.get("cause").asString()).isEqualTo("resource-contention/provisioners-undersized");
            assertThat(f.get("fixes").toString()).isEqualTo("[{\"action\":\"scale-provisioners\",\"suggested\":[{\"replicas\":\"10\"}]}]");
            assertThat(f.get("evidence").toString()).contains("more than 15 users needs at least 8");
        });
        FixCommandTest.Run table = doctor();
        assertThat(table.out()).contains("Risks: predictable trouble, not incidents yet")
                .contains("P3  risk  resource-contention / provisioners-undersized  [us-east-2]")
                .contains("no incidents · 1 risk (P3: predictable trouble)");
        assertThat(table.exit()).as("a risk is P3: it fails --fail-on P3, the default").isEqualTo(1);
        assertThat(doctor("--fail-on", "P2").exit()).isZero();
        assertThat(doctor("-o", "markdown").out()).contains("## Risks").contains("### P3 risk · resource-contention / provisioners-undersized");

        assertThat(fix("scale-provisioners", "--replicas", "10").exit()).isZero();
        assertThat(doctor().out()).contains("healthy: no findings");
    }

    @Test
    void moreUsersThanLiteLLMsReplicasServeIsARiskUntilScaled() {
        shared.lab().inject("litellm-undersized");
        JsonNode findings = JsonMapper.builder().build().readTree(doctor("-o", "json").out()).get("findings");
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.get("kind").asString()).isEqualTo("risk");
            assertThat(f.get("cause").asString()).isEqualTo("litellm-undersized");
            assertThat(f.get("evidence").get(0).get("detail").asString()).contains("4 ready replicas serve 32 (8 users each)");
        });
        assertThat(fix("scale-litellm").exit()).isZero();
        assertThat(doctor().out()).contains("healthy: no findings");
    }

    @Test
    void aRiskIsP3AndNothingElse() {
        String yaml = """
                id: mine
                title: Mine
                causes:
                  - id: early
                    title: Trouble ahead
                    kind: risk
                    detect: {all: [provisioners-undersized]}
                    severity: {default: P2}
                  - id: odd
                    title: Odd
                    kind: worry
                    detect: {all: [provisioners-undersized]}
                    severity: {default: P3}
                """;
        assertThatThrownBy(() -> new RunbookLoader(Doctor.knownSignals()).fromDocuments(List.of(YamlDocument.parse("mine.yaml", yaml))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).extracting(Problem::render).containsExactly(
                        "mine.yaml:6: causes[0].kind: a risk is P3\n    fix: give it severity: {default: P3} without raise: predictable trouble "
                                + "has no user impact yet; when it shows, an incident's rule reports it",
                        "mine.yaml:11: causes[1].kind: 'worry' is not a kind\n    fix: use incident (the default) or risk"));
    }
}
