package io.pitcrew.cli;

import io.pitcrew.act.Actions;
import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import io.pitcrew.text.Aligned;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pitcrew fix} end to end on the lab: a fix applied with --yes makes doctor stop reporting its finding. */
class FixCommandTest {

    record Run(int exit, String out, String err) {}

    static Run pitcrew(String... args) {
        return run(Pitcrew.commandLine(), args);
    }

    /** The command line given (pitcrew's, or with the lab's commands), run with its output captured. */
    static Run run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String[] on(Lab lab, Path db, String... args) {
        return LabKit.args(lab, db, args);
    }

    private static List<String> findings(Lab lab) {
        return LabKit.findings(lab);
    }

    @Test
    void scaleProvisionersResolvesTheProvisionerShortage(@TempDir Path tmp) {
        Path db = tmp.resolve("pitcrew.db");
        try (Lab lab = Lab.start(tmp.resolve("lab"), "provisioner-shortage", 30)) {
            assertThat(findings(lab)).containsExactly("provisioner-failures/insufficient-provisioners");

            Run offered = pitcrew(on(lab, db, "fix", "from-finding", "provisioner-failures/insufficient-provisioners"));
            assertThat(offered.exit()).as(offered.err()).isZero();
            assertThat(offered.out()).contains("pitcrew fix scale-provisioners").contains("6 → 10").contains("dry run: nothing changed");
            Run offeredAsData = pitcrew(on(lab, db, "fix", "from-finding", "provisioner-failures/insufficient-provisioners", "-o", "json"));
            JsonNode plans = JsonMapper.builder().build().readTree(offeredAsData.out());
            assertThat(plans.get("finding").asString()).isEqualTo("provisioner-failures/insufficient-provisioners");
            assertThat(plans.get("plans").get(0).get("action").asString()).isEqualTo("scale-provisioners");
            assertThat(plans.get("plans").get(0).get("result").asString()).isEqualTo("planned");

            Run applied = pitcrew(on(lab, db, "fix", "scale-provisioners", "--yes", "--as", "alice"));
            assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
            assertThat(applied.out()).contains("applied and verified (audit #1)").contains("undo: pitcrew fix revert 1");

            assertThat(findings(lab)).isEmpty();

            Run audit = pitcrew("fix", "audit", "--db", db.toString());
            assertThat(audit.out()).contains("alice").contains("scale-provisioners").contains("verified");
        }
    }

    @Test
    void raisingTheProvisionerLimitsResolvesTheOomKilledProvisioners(@TempDir Path tmp) {
        try (Lab lab = Lab.start(tmp.resolve("lab"), "provisioner-oom", 10)) {
            assertThat(findings(lab)).containsExactly("provisioner-failures/provisioner-resource-limits");

            Run raised = pitcrew(on(lab, tmp.resolve("pitcrew.db"), "fix", "raise-provisioner-limits", "--yes"));
            assertThat(raised.exit()).as(raised.out() + raised.err()).isZero();

            assertThat(findings(lab)).isEmpty();
        }
    }

    @Test
    void pausingTheKeyRotatorEndsTheKeyRotationFindingAndRevertBringsItBack(@TempDir Path tmp) {
        Path db = tmp.resolve("pitcrew.db");
        try (Lab lab = Lab.start(tmp.resolve("lab"), "key-rotation", 30)) {
            assertThat(findings(lab)).containsExactly("workspace-restarts/key-rotation");

            Run paused = pitcrew(on(lab, db, "fix", "pause-key-rotation", "--for", "4h", "--yes"));
            assertThat(paused.exit()).as(paused.out() + paused.err()).isZero();
            assertThat(paused.out()).contains("resume due: ");

            // The rotator's log, the evidence of the rotation, went with its pod; the restarts that already happened
            // stay on the workspace pods, but without a rotation they no longer point at a cause.
            assertThat(findings(lab)).isEmpty();

            Run resumed = pitcrew(on(lab, db, "fix", "revert", "1", "--yes"));
            assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
            assertThat(resumed.out()).contains("resume-key-rotation --replicas 1").contains("0 → 1");
            Run again = pitcrew(on(lab, db, "fix", "revert", "1", "--yes"));
            assertThat(again.out()).contains("reverted already");
        }
    }

    @Test
    void syncMirrorCopiesTheNewBuildAndTheMirrorFindingIsGone(@TempDir Path tmp) {
        Path db = tmp.resolve("pitcrew.db");
        try (Lab lab = Lab.start(tmp.resolve("lab"), "mirror-stale", 10)) {
            assertThat(findings(lab)).containsExactly("subdomain-routing/mirror-out-of-sync");

            Run synced = pitcrew(on(lab, db, "fix", "sync-mirror", "--yes"));
            assertThat(synced.exit()).as(synced.out() + synced.err()).isZero();
            assertThat(synced.out()).contains("applied and verified").contains("(registry)").contains("restartedAt");
            assertThat(synced.err()).contains("copied ").contains("2 blob(s) sent");

            assertThat(findings(lab)).isEmpty();
            assertThat(pitcrew(on(lab, db, "fix", "sync-mirror")).out()).contains("already in effect");
        }
    }

    @Test
    void aPauseThatOutlivedItsWindowIsAFindingUntilResumed(@TempDir Path tmp) throws Exception {
        Path db = tmp.resolve("pitcrew.db");
        try (Lab lab = Lab.start(tmp.resolve("lab"), null, 2)) {
            Run paused = pitcrew(on(lab, db, "fix", "pause-key-rotation", "--for", "1s", "--yes"));
            assertThat(paused.exit()).as(paused.out() + paused.err()).isZero();
            Thread.sleep(2_000);

            assertThat(findings(lab)).containsExactly("litellm-auth/key-rotation-pause-overdue");
            assertThat(pitcrew(on(lab, db, "fix", "from-finding", "litellm-auth/key-rotation-pause-overdue")).out())
                    .contains("pitcrew fix resume-key-rotation").contains("0 → 1");

            Run resumed = pitcrew(on(lab, db, "fix", "resume-key-rotation", "--yes"));
            assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
            assertThat(findings(lab)).isEmpty();
        }
    }

    @Test
    void mistakesAreExitTwoAndRefusalsExitThree(@TempDir Path tmp) {
        Path db = tmp.resolve("pitcrew.db");
        Run unknown = pitcrew("fix", "scale-everything", "--db", db.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown action 'scale-everything'").contains("scale-provisioners");

        Run wrongOption = pitcrew("fix", "scale-litellm", "--pod", "x", "--db", db.toString());
        assertThat(wrongOption.exit()).isEqualTo(2);
        assertThat(wrongOption.err()).contains("scale-litellm does not take --pod; it takes: --replicas");

        Run noRow = pitcrew("fix", "revert", "42", "--db", db.toString());
        assertThat(noRow.exit()).isEqualTo(2);
        assertThat(noRow.err()).contains("audit #42: no such audit row");

        try (Lab lab = Lab.start(tmp.resolve("lab"), null, 2)) {
            Run refused = pitcrew(on(lab, db, "fix", "scale-litellm", "--replicas", "20", "--yes"));
            assertThat(refused.exit()).isEqualTo(3);
            assertThat(refused.out()).contains("refused (audit #1): 20 replicas is more than bounds.litellmReplicas (8)");

            Run json = pitcrew(on(lab, db, "fix", "scale-litellm", "-o", "json"));
            JsonNode doc = JsonMapper.builder().build().readTree(json.out());
            assertThat(doc.get("result").asString()).isEqualTo("planned");
            assertThat(doc.get("changes").get(0).get("after").asString()).isEqualTo("6");
            assertThat(doc.get("undo").get("parameters").get("replicas").asString()).isEqualTo("4");
            Run yaml = pitcrew(on(lab, db, "fix", "scale-litellm", "-o", "yaml"));
            assertThat(YAMLMapper.builder().build().readTree(yaml.out())).as("the same plan as YAML").isEqualTo(doc);

            Run table = pitcrew(on(lab, db, "fix", "scale-litellm"));
            List<String> changes = table.out().lines().filter(l -> l.startsWith("  ")).toList();
            assertThat(changes.getFirst()).startsWith("  REGION     OBJECT");
            Aligned.columns(changes);
        }
    }

    @Test
    void credentialsComeFromStdinAndAreNeverPrinted(@TempDir Path tmp) {
        Path db = tmp.resolve("pitcrew.db");
        try (Lab lab = Lab.start(tmp.resolve("lab"), "litellm-credentials-expired", 2)) {
            assertThat(findings(lab)).containsExactly("litellm-auth/credentials-expired");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            var cli = Pitcrew.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            ((FixCommand) cli.getSubcommands().get("fix").getCommand()).stdin = new ByteArrayInputStream(
                    "# new Bedrock key\nAWS_SECRET_ACCESS_KEY=stdin-secret-5c4b3a\n".getBytes(StandardCharsets.UTF_8));
            int exit = cli.execute(on(lab, db, "fix", "update-litellm-credentials", "--from-stdin", "--yes"));

            assertThat(exit).as(out + " " + err).isZero();
            assertThat(out.toString()).contains("data[AWS_SECRET_ACCESS_KEY]").contains("(set) → (new value)").contains("applied and verified");
            assertThat(out.toString() + err).doesNotContain("stdin-secret-5c4b3a");
            assertThat(pitcrew("fix", "audit", "--db", db.toString()).out()).doesNotContain("stdin-secret-5c4b3a");
            // the expiry annotation described the old credentials; Bedrock takes the new ones; LiteLLM restarted
            assertThat(out.toString()).contains("metadata.annotations[pitcrew.io/expires-at]").contains("→ (removed)");
            assertThat(findings(lab)).isEmpty();
        }
    }

    @Test
    void scalingLitellmSpreadsItsLoadAndResolvesTheCapacityFinding(@TempDir Path tmp) {
        try (Lab lab = Lab.start(tmp.resolve("lab"), "litellm-capacity", 4)) {
            assertThat(findings(lab)).containsExactly("litellm-auth/litellm-capacity-exceeded");
            Run scaled = pitcrew(on(lab, tmp.resolve("pitcrew.db"), "fix", "scale-litellm", "--yes"));
            assertThat(scaled.exit()).as(scaled.out() + scaled.err()).isZero();
            assertThat(scaled.out()).contains("4 → 6");
            assertThat(findings(lab)).isEmpty();
        }
    }

    @Test
    void restartingCoderInTheStaleRegionResolvesTheImageMismatch(@TempDir Path tmp) {
        try (Lab lab = Lab.start(tmp.resolve("lab"), "image-mismatch", 4)) {
            assertThat(findings(lab)).containsExactly("subdomain-routing/image-version-mismatch");
            Run restarted = pitcrew(on(lab, tmp.resolve("pitcrew.db"), "fix", "restart-coder", "--region", "eu-west-2", "--yes"));
            assertThat(restarted.exit()).as(restarted.out() + restarted.err()).isZero();
            assertThat(findings(lab)).isEmpty();
        }
    }

    @Test
    void doctorsReportPipedInGetsTheFixCommandsWithTheEvidenceFilledIn(@TempDir Path tmp) {
        try (Lab lab = Lab.start(tmp.resolve("lab"), "storage-exhaustion", 10)) {
            String report = pitcrew(on(lab, null, "doctor", "-o", "json")).out();
            StringWriter out = new StringWriter();
            var cli = Pitcrew.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(new StringWriter()));
            ((FixCommand) cli.getSubcommands().get("fix").getCommand()).stdin =
                    new ByteArrayInputStream(report.getBytes(StandardCharsets.UTF_8));

            assertThat(cli.execute("fix", "from-finding", "-")).isZero();

            assertThat(out.toString()).startsWith("workspace-restarts/ephemeral-storage-exhaustion [us-west-2]:")
                    .containsPattern("pitcrew fix delete-workspace-pod --region us-west-2 -n coder-workspaces --pod \\S+");

            StringWriter data = new StringWriter();
            var again = Pitcrew.commandLine();
            again.setOut(new PrintWriter(data));
            again.setErr(new PrintWriter(new StringWriter()));
            ((FixCommand) again.getSubcommands().get("fix").getCommand()).stdin =
                    new ByteArrayInputStream(report.getBytes(StandardCharsets.UTF_8));
            assertThat(again.execute("fix", "from-finding", "-", "-o", "yaml")).isZero();
            JsonNode fixes = YAMLMapper.builder().build().readTree(data.toString()).get("fixes");
            assertThat(fixes.get(0).get("finding").asString()).isEqualTo("workspace-restarts/ephemeral-storage-exhaustion");
            assertThat(fixes.get(0).get("commands").get(0).asString()).startsWith("pitcrew fix delete-workspace-pod --region us-west-2");
        }
    }

    @Test
    void listNamesEveryAction() {
        Run list = pitcrew("fix", "list");
        assertThat(list.exit()).isZero();
        Actions.ids().forEach(id -> assertThat(list.out()).contains(id));
        Run help = pitcrew("fix", "--help");
        Actions.ids().forEach(id -> assertThat(help.out()).as("fix --help names " + id).contains(id));
    }
}
