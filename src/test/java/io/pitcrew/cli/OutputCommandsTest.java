package io.pitcrew.cli;

import io.pitcrew.cli.FixCommandTest.Run;
import io.pitcrew.store.AuditEntry;
import io.pitcrew.store.Store;
import io.pitcrew.text.Aligned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * -o names a format on every command, --out writes a file whole or not at all, and the old -o FILE of retro and
 * runbook render still works for a release, saying so. (doctor's formats: DoctorCommandTest; fix's plans: FixCommandTest.)
 */
class OutputCommandsTest {

    static final String LONG_ACTION = "raise-provisioner-limits-for-the-whole-workshop";

    @TempDir
    Path tmp;

    Path config;
    Path db;
    private final List<Path> madeImmutable = new ArrayList<>();

    @BeforeEach
    void store() throws IOException {
        config = tmp.resolve("pitcrew.yaml");
        Files.writeString(config, "regions:\n  - {name: us-east-2, role: control-plane, domain: ai.coder.com}\n");
        db = tmp.resolve("pitcrew.db");
    }

    @AfterEach
    void mutableAgain() throws Exception {
        for (Path p : madeImmutable) new ProcessBuilder("chattr", "-i", p.toString()).start().waitFor();
    }

    private Run pitcrew(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", db.toString(), "--config", config.toString()));
        return FixCommandTest.pitcrew(all.toArray(String[]::new));
    }

    private static JsonNode json(Run r) {
        assertThat(r.exit()).as(r.err()).isZero();
        return JsonMapper.builder().build().readTree(r.out());
    }

    private static JsonNode yaml(Run r) {
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotStartWith("---").doesNotStartWith("{");
        return YAMLMapper.builder().build().readTree(r.out());
    }

    @Test
    void everyCommandWithDashOListsItsFormatsInOnePlaceAndInItsHelp() {
        List<String> seen = new ArrayList<>();
        walk(PitcrewLab.commandLine(), cli -> {
            CommandSpec spec = cli.getCommandSpec();
            if (spec.findOption("--output") == null) return;
            seen.add(spec.qualifiedName());
            assertThat(spec.findOption("--out")).as(spec.qualifiedName() + " --out").isNotNull();
            assertThat(cli.getUsageMessage()).as(spec.qualifiedName()).contains("The output format: " + Formats.of(spec).description());
        });
        assertThat(seen).contains("pitcrew doctor", "pitcrew demo", "pitcrew fix list", "pitcrew fix audit", "pitcrew fix scale-provisioners",
                "pitcrew fix revert", "pitcrew fix from-finding", "pitcrew incident show", "pitcrew incident list",
                "pitcrew retro", "pitcrew runbook render");
        assertThat(FixCommandTest.pitcrew("doctor", "--help").out()).contains("The output format: table (default), wide, json, yaml or markdown");
        assertThat(FixCommandTest.pitcrew("incident", "show", "--help").out()).contains("The output format: table (default), json or yaml");
        assertThat(FixCommandTest.pitcrew("retro", "--help").out()).contains("The output format: markdown (the only format)");
    }

    private static void walk(CommandLine cli, Consumer<CommandLine> each) {
        each.accept(cli);
        cli.getSubcommands().values().forEach(sub -> walk(sub, each));
    }

    @Test
    void aFormatACommandDoesNotHaveIsExitTwoNamingTheOnesItHas() {
        record Refused(List<String> args, String message) {}
        for (Refused r : List.of(
                new Refused(List.of("doctor", "-o", "xml"), "-o xml: not a format of pitcrew doctor; use one of table, wide, json, yaml, markdown"),
                new Refused(List.of("doctor", "-o", "report.json"), "-o report.json: not a format of pitcrew doctor; use one of table, wide, json, yaml, markdown"),
                new Refused(List.of("demo", "-o", "csv"), "-o csv: not a format of pitcrew demo; use one of table, wide, json, yaml, markdown"),
                new Refused(List.of("fix", "list", "-o", "wide"), "-o wide: not a format of pitcrew fix list; use one of table, json, yaml"),
                new Refused(List.of("fix", "audit", "-o", "markdown"), "-o markdown: not a format of pitcrew fix audit; use one of table, json, yaml"),
                new Refused(List.of("incident", "show", "-o", "markdown"), "-o markdown: not a format of pitcrew incident show; use one of table, json, yaml"),
                new Refused(List.of("incident", "list", "-o", "wide"), "-o wide: not a format of pitcrew incident list; use one of table, json, yaml"),
                new Refused(List.of("retro", "--since", "1h", "-o", "json"), "-o json: not a format of pitcrew retro; use markdown (--out FILE writes to a file)"),
                new Refused(List.of("runbook", "render", "-o", "yaml"), "-o yaml: not a format of pitcrew runbook render; use markdown (--out FILE writes to a file)"),
                new Refused(List.of("runbook", "render", "-o", "notes"), "-o notes: not a format of pitcrew runbook render; use markdown (--out FILE writes to a file)"))) {
            Run run = FixCommandTest.run(PitcrewLab.commandLine(), r.args().toArray(String[]::new));
            assertThat(run.exit()).as(r.args() + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).as(r.args().toString()).contains("error: " + r.message());
            assertThat(run.out()).as(r.args().toString()).isEmpty();
        }
    }

    @Test
    void incidentsAsJsonAndYamlAreTheSameTreeAndTheTableIsSizedToTheCommander() {
        String commander = "alexandra-the-incident-commander";
        assertThat(pitcrew("incident", "declare", "LiteLLM returns 401", "-s", "P1", "--commander", commander, "--as", "alice").exit()).isZero();
        assertThat(pitcrew("incident", "declare", "slow workspaces", "-s", "P3", "--commander", "bo", "--as", "bo").exit()).isZero();

        JsonNode shown = json(pitcrew("incident", "show", "INC-1", "-o", "json"));
        assertThat(shown.get("commander").asString()).isEqualTo(commander);
        assertThat(yaml(pitcrew("incident", "show", "INC-1", "-o", "yaml"))).isEqualTo(shown);
        JsonNode listed = json(pitcrew("incident", "list", "-o", "json"));
        assertThat(listed.get("incidents")).hasSize(2);
        assertThat(yaml(pitcrew("incident", "list", "-o", "yaml"))).isEqualTo(listed);
        // a change prints the incident as it left it, as data too
        JsonNode noted = yaml(pitcrew("incident", "note", "INC-2", "still slow", "-o", "yaml"));
        assertThat(noted.get("id").asString()).isEqualTo("INC-2");

        Run table = pitcrew("incident", "list");
        assertThat(table.exit()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("ID     SEV  STATUS").contains("COMMANDER" + " ".repeat(commander.length() - 7) + "TITLE");
        Aligned.columns(lines);

        Run show = pitcrew("incident", "show", "INC-1");
        assertThat(show.out()).contains("  commander     " + commander + "\n").contains("  acknowledged  -\n");
        assertThat(show.out().lines()).allSatisfy(l -> assertThat(l).doesNotEndWith(" "));
    }

    @Test
    void theAuditLogAsATableIsSizedToALongActionIdAndAsDataIsTheApisShape() {
        try (Store store = Store.open(db)) {
            store.audit().append(AuditEntry.of(Instant.parse("2026-11-25T10:00:00Z"), "alice", "scale-litellm",
                    "{\"replicas\":\"6\"}", "[]", "applied", "applied and verified"));
            store.audit().append(AuditEntry.of(Instant.parse("2026-11-25T10:05:00Z"), "a-responder-with-a-long-name", LONG_ACTION,
                    "{}", "[]", "refused", "beyond bounds.provisionerCpu\nsecond line"));
        }
        Run table = pitcrew("fix", "audit");
        assertThat(table.exit()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains(LONG_ACTION + "  refused  beyond bounds.provisionerCpu").doesNotContain("second line");
        Aligned.columns(lines);

        JsonNode rows = json(pitcrew("fix", "audit", "-o", "json"));
        assertThat(rows.get("entries")).hasSize(2);
        JsonNode newest = rows.get("entries").get(0);
        assertThat(newest.get("action").asString()).isEqualTo(LONG_ACTION);
        assertThat(newest.get("parameters").isObject()).as("JSON columns as JSON, as /api/audit gives them").isTrue();
        assertThat(Stream.of("id", "at", "actor", "action", "parameters", "changes", "result", "detail", "undo", "resumeAt", "reverts", "follows"))
                .allSatisfy(field -> assertThat(newest.has(field)).as(field).isTrue());
        assertThat(yaml(pitcrew("fix", "audit", "-o", "yaml"))).isEqualTo(rows);
    }

    @Test
    void theActionListAsDataAndAsATableWithItsOptionsInOneColumn() {
        JsonNode actions = json(FixCommandTest.pitcrew("fix", "list", "-o", "json"));
        assertThat(actions.get("actions")).extracting(a -> a.get("id").asString()).contains("scale-provisioners", "pause-key-rotation");
        assertThat(yaml(FixCommandTest.pitcrew("fix", "list", "-o", "yaml"))).isEqualTo(actions);
        List<String> options = FixCommandTest.pitcrew("fix", "list").out().lines().filter(l -> l.startsWith("    --")).toList();
        int description = options.getFirst().indexOf("  ", 6) + 2;
        while (options.getFirst().charAt(description) == ' ') description++;
        for (String line : options) {
            assertThat(line.charAt(description - 1)).as(line).isEqualTo(' ');
            assertThat(line.charAt(description)).as(line).isNotEqualTo(' ');
        }
    }

    @Test
    void outWritesTheFileWholeReadableByOthersAndSaysSo() throws IOException {
        assertThat(pitcrew("incident", "declare", "LiteLLM returns 401", "-s", "P2", "--as", "alice").exit()).isZero();
        Path file = tmp.resolve("reports/inc-1.yaml");
        Files.createDirectories(file.getParent());
        Run r = pitcrew("incident", "show", "INC-1", "-o", "yaml", "--out", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("wrote " + file);
        assertThat(YAMLMapper.builder().build().readTree(Files.readString(file))).isEqualTo(json(pitcrew("incident", "show", "INC-1", "-o", "json")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(file);
        }

        Run retro = pitcrew("retro", "--since", "1h", "--out", tmp.resolve("retro.md").toString());
        assertThat(retro.exit()).as(retro.err()).isZero();
        assertThat(retro.err()).doesNotContain("warning");
        assertThat(Files.readString(tmp.resolve("retro.md"))).startsWith("# Post-workshop retrospective").contains("LiteLLM returns 401");
    }

    @Test
    void anUnwritableDirectoryIsExitTwoAndLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        assertThat(pitcrew("incident", "declare", "LiteLLM returns 401", "-s", "P2", "--as", "alice").exit()).isZero();
        Path dir = Files.createDirectories(tmp.resolve("shared"));
        Path file = dir.resolve("inc-1.json");
        Files.writeString(file, "the old report\n");
        immutable(dir);

        Run r = pitcrew("incident", "show", "INC-1", "-o", "json", "--out", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("error: --out " + file + ": cannot write in " + dir + " (permission denied)").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("the old report\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }

        Path missing = tmp.resolve("no/such/dir/retro.md");
        Run nowhere = pitcrew("retro", "--since", "1h", "--out", missing.toString());
        assertThat(nowhere.exit()).isEqualTo(2);
        assertThat(nowhere.err()).contains("--out " + missing + ": directory " + tmp.resolve("no/such/dir") + " does not exist");
        assertThat(tmp.resolve("no")).doesNotExist();
    }

    @Test
    void aFailedRenameLeavesTheOldFileAsItWasAndRemovesTheTemporaryFile() throws Exception {
        assertThat(pitcrew("incident", "declare", "LiteLLM returns 401", "-s", "P2", "--as", "alice").exit()).isZero();
        Path dir = Files.createDirectories(tmp.resolve("shared"));
        Path file = dir.resolve("inc-1.json");
        Files.writeString(file, "the old report\n");
        immutable(file); // the directory is writable: the temporary file is written, and the rename over the file fails

        Run r = pitcrew("incident", "show", "INC-1", "-o", "json", "--out", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("error: --out " + file + ": cannot write it (").contains("the file is as it was");
        assertThat(Files.readString(file)).isEqualTo("the old report\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("the temporary file is removed").containsExactly(file);
        }
    }

    @Test
    void theOldDashOFileOfRetroAndRunbookRenderStillWritesWithAWarning() throws IOException {
        assertThat(pitcrew("incident", "declare", "LiteLLM returns 401", "-s", "P2", "--workshop", "2026-11", "--as", "alice").exit()).isZero();
        Path retro = tmp.resolve("retro.md");
        Run r = pitcrew("retro", "--workshop", "2026-11", "-o", retro.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().filter(l -> l.startsWith("warning:")))
                .containsExactly("warning: -o " + retro + ": -o FILE is now --out FILE; -o names a format (the old spelling goes in the next release)");
        assertThat(Files.readString(retro)).startsWith("# Post-workshop retrospective: workshop 2026-11");

        Path runbook = tmp.resolve("runbook.md");
        Run rendered = FixCommandTest.pitcrew("runbook", "render", "-o", runbook.toString(), "--config", config.toString());
        assertThat(rendered.exit()).as(rendered.err()).isZero();
        assertThat(rendered.err()).contains("-o FILE is now --out FILE").contains("wrote " + runbook + " (");
        assertThat(Files.readString(runbook)).contains("workspace-restarts");
        // a bare name with no dot or slash is no path: refused, as a format it is not
        assertThat(FixCommandTest.pitcrew("runbook", "render", "-o", "runbook").exit()).isEqualTo(2);

        Run both = pitcrew("retro", "--workshop", "2026-11", "-o", retro.toString(), "--out", tmp.resolve("other.md").toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("both name a file: keep --out");
        assertThat(tmp.resolve("other.md")).doesNotExist();
    }

    @Test
    void theScenarioListIsAlignedAroundItsLongestName() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThat(PitcrewLab.commandLine().execute("lab", "scenarios")).isZero();
        } finally {
            System.setOut(stdout);
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("litellm-credentials-expired  litellm-auth / credentials-expired"));
        Aligned.columns(lines);
    }

    /**
     * Nothing may change it: chattr +i, as on a read-only mount (permissions stop neither root nor, for a file, a
     * rename over it). Fails, not skips, where chattr cannot be used.
     */
    private void immutable(Path p) throws Exception {
        int exit = new ProcessBuilder("chattr", "+i", p.toString()).redirectErrorStream(true).start().waitFor();
        assertThat(exit).as("chattr +i " + p + ": run the tests as root, on a file system with chattr").isZero();
        madeImmutable.add(p);
    }
}
