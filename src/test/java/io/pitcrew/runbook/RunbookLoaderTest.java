package io.pitcrew.runbook;

import io.pitcrew.doctor.Doctor;
import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.YamlDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunbookLoaderTest {

    private final RunbookLoader loader = new RunbookLoader(Doctor.knownSignals());

    @Test
    void builtInRunbookHasTheSixIncidentTypesInRunbookOrder() {
        Runbook runbook = loader.load(Optional.empty());
        assertThat(runbook.types()).extracting(IncidentType::id).containsExactly("workspace-restarts", "subdomain-routing",
                "litellm-auth", "resource-contention", "image-pull", "provisioner-failures", "region-unreachable");
        assertThat(runbook.type("workspace-restarts").orElseThrow().causes()).extracting(Cause::id)
                .containsExactly("ephemeral-storage-exhaustion", "resource-contention", "node-capacity-exceeded", "key-rotation", "key-rotation-due");
        assertThat(runbook.type("resource-contention").orElseThrow().causes()).extracting(Cause::id)
                .containsExactly("too-many-workspaces", "insufficient-provisioners", "provisioners-undersized", "provisioners-raised-after-workshop", "insufficient-node-capacity", "karpenter-not-scaling",
                        "karpenter-down", "metrics-server-down");
        assertThat(runbook.type("workspace-restarts").orElseThrow().causes()).allMatch(c -> c.detect().isPresent());
        assertThat(runbook.type("resource-contention").orElseThrow().causes()).allMatch(c -> c.detect().isPresent());
    }

    @Test
    void everyMistakeIsReportedWithItsLine() {
        String yaml = """
                id: Bad_Id
                title: Broken
                causes:
                  - id: c1
                    title: One
                    detect: {any: [node-disk-presure]}
                    severity: {default: P5}
                    actions:
                      - {title: Do it, command: "kubectl get pods -n {nmespace}"}
                  - id: c1
                    titel: typo
                """;
        assertThatThrownBy(() -> loader.fromDocuments(List.of(YamlDocument.parse("mine.yaml", yaml))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problems()).extracting(Problem::render).anySatisfy(m -> assertThat(m)
                            .startsWith("mine.yaml:1: id: 'Bad_Id' is not a valid id"));
                    assertThat(e.problems()).anySatisfy(p -> {
                        assertThat(p.line()).isEqualTo(6);
                        assertThat(p.message()).isEqualTo("unknown signal 'node-disk-presure'");
                        assertThat(p.fix()).contains("did you mean 'node-disk-pressure'?");
                    });
                    assertThat(e.problems()).anySatisfy(p -> {
                        assertThat(p.line()).isEqualTo(7);
                        assertThat(p.message()).isEqualTo("'P5' is not a severity");
                    });
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).isEqualTo("unknown variable {nmespace}"));
                    assertThat(e.problems()).anySatisfy(p -> {
                        assertThat(p.line()).isEqualTo(11);
                        assertThat(p.message()).isEqualTo("unknown key 'titel'");
                        assertThat(p.fix()).contains("did you mean 'title'?");
                    });
                });
    }

    @Test
    void aFixNamesActionsAndParametersThatExistWithKnownVariables() {
        String yaml = """
                id: mine
                title: Mine
                causes:
                  - id: c1
                    title: One
                    severity: {default: P2}
                    fix:
                      - scale-provisioner
                      - {action: restart-coder, regoin: "{region}"}
                      - {action: delete-workspace-pod, pod: "{context}"}
                      - {replicas: "3"}
                      - [sync-mirror]
                  - id: c2
                    title: Two
                    severity: {default: P2}
                    fix: sync-mirror
                """;
        assertThatThrownBy(() -> loader.fromDocuments(List.of(YamlDocument.parse("mine.yaml", yaml))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).extracting(Problem::render).contains(
                        "mine.yaml:8: causes[0].fix[0]: unknown action 'scale-provisioner'\n    fix: did you mean 'scale-provisioners'? "
                                + "pitcrew fix list shows them: " + String.join(", ", FixAction.ALL.stream().map(FixAction::id).toList()),
                        "mine.yaml:9: causes[0].fix[1].regoin: restart-coder takes no parameter 'regoin'\n    fix: did you mean 'region'? it takes: region",
                        "mine.yaml:10: causes[0].fix[2].pod: unknown variable {context}\n    fix: a fix's parameters may use "
                                + "[namespace, node, nodepool, pod, region, workshop, workshopEnd], filled from the finding's regions and evidence "
                                + "(and the workshop running or about to)",
                        "mine.yaml:11: causes[0].fix[3].action: missing 'action'\n    fix: add it",
                        "mine.yaml:12: causes[0].fix[4]: a fix must be an action id or {action: ..., PARAMETER: VALUE}"
                                + "\n    fix: write e.g. - {action: restart-coder, region: \"{region}\"}",
                        "mine.yaml:16: causes[1].fix: fix must be a list of actions\n    fix: write fix: [scale-provisioners] or "
                                + "fix: [{action: restart-coder, region: \"{region}\"}]"));
    }

    @Test
    void aValidFixIsKeptInOrderWithItsTemplates() {
        String yaml = """
                id: mine
                title: Mine
                causes:
                  - id: c1
                    title: One
                    severity: {default: P2}
                    fix: [sync-mirror, {action: delete-workspace-pod, region: "{region}", namespace: "{namespace}", pod: "{pod}"}]
                """;
        Cause c = loader.fromDocuments(List.of(YamlDocument.parse("mine.yaml", yaml))).types().getFirst().causes().getFirst();
        assertThat(c.fix()).containsExactly(new Fix("sync-mirror", Map.of()),
                new Fix("delete-workspace-pod", Map.of("region", "{region}", "namespace", "{namespace}", "pod", "{pod}")));
        assertThat(c.fix().get(1).parameters().keySet()).containsExactly("region", "namespace", "pod");
    }

    @Test
    void theIncidentTypesDocsFindingsMdShowsLoad() throws Exception {
        String doc = Files.readString(Path.of("docs/findings.md"));
        String section = doc.substring(doc.indexOf("## Adding your own incident type"));
        List<YamlDocument> examples = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(section).results()
                .map(m -> YamlDocument.parse("docs/findings.md", m.group(1))).toList();
        assertThat(examples).hasSize(2);
        Runbook runbook = loader.fromDocuments(examples);
        assertThat(runbook.cause("workshop-capacity/provisioner-queue")).hasValueSatisfying(c ->
                assertThat(c.fix()).containsExactly(new Fix("scale-provisioners", Map.of("replicas", "12", "others", "4"))));
    }

    @Test
    void userTypesAreAddedFromADirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("gpu.yaml"), """
                id: gpu-exhaustion
                title: GPU nodes exhausted
                symptoms: [Notebooks do not start]
                causes:
                  - id: no-gpu-nodes
                    title: No GPU node has room
                    detect: {all: [pods-unschedulable]}
                    severity: {default: P1}
                """);
        Runbook runbook = loader.load(Optional.of(dir));
        assertThat(runbook.types()).last().satisfies(t -> {
            assertThat(t.id()).isEqualTo("gpu-exhaustion");
            assertThat(t.source()).endsWith("gpu.yaml");
        });
    }

    @Test
    void aUserTypeMayNotReuseABuiltInId(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("dup.yaml"), "id: image-pull\ntitle: Mine\ncauses: [{id: x, title: X, severity: {default: P3}}]\n");
        assertThatThrownBy(() -> loader.load(Optional.of(dir)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dup.yaml:1: id: incident type 'image-pull' is already defined in runbook/image-pull.yaml");
    }

    @Test
    void brokenYamlAndMissingDirectoryAreClearErrors(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.yaml"), "id: x\ncauses: [\n");
        assertThatThrownBy(() -> loader.load(Optional.of(dir))).hasMessageContaining("broken.yaml:").hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> loader.load(Optional.of(dir.resolve("nope")))).hasMessageContaining("runbook directory not found");
    }

    @Test
    void knownSignalsComeFromTheChecks() {
        Set<String> ids = Doctor.knownSignals();
        assertThat(ids).contains("ephemeral-storage-eviction", "key-rotation-recent", "api-connection-refused");
    }
}
