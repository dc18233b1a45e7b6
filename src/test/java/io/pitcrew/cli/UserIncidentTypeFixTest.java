package io.pitcrew.cli;

import io.pitcrew.lab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A new incident type with its fix is one YAML file: doctor suggests the fix, and fix plans it. */
class UserIncidentTypeFixTest {

    static final String TYPE = """
            id: workshop-capacity
            title: Workshop capacity
            causes:
              - id: provisioner-queue
                title: Builds wait in coderd's queue for a provisioner
                detect: {all: [provisioner-jobs-queued]}
                severity: {default: P2}
                fix:
                  - {action: scale-provisioners, replicas: "12", others: "4"}
            """;

    @Test
    void aUserTypeNamesABuiltInActionAndDoctorAndFixSuggestIt(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("runbook.d"));
        Files.writeString(dir.resolve("workshop-capacity.yaml"), TYPE);
        try (Lab lab = Lab.start(tmp.resolve("lab"), "provisioner-shortage", 30)) {
            FixCommandTest.Run table = FixCommandTest.pitcrew(on(lab, "doctor", "--runbook-dir", dir.toString()));
            assertThat(table.out()).contains("workshop-capacity / provisioner-queue")
                    .contains("fix with pitcrew: pitcrew fix scale-provisioners  (shows the plan; --yes applies)");

            String report = FixCommandTest.pitcrew(on(lab, "doctor", "-o", "json", "--runbook-dir", dir.toString())).out();
            JsonNode mine = finding(report, "workshop-capacity/provisioner-queue");
            assertThat(mine.propertyNames()).as("doctor -o json: the fields it had, fixes and kind").containsExactly("incidentType", "cause",
                    "title", "severity", "regions", "summary", "affected", "evidence", "actions", "runbook", "fixes", "kind");
            assertThat(mine.get("fixes").toString())
                    .isEqualTo("[{\"action\":\"scale-provisioners\",\"suggested\":[{\"replicas\":\"12\",\"others\":\"4\"}]}]");
            assertThat(piped(report, "fix", "--from-finding", "-"))
                    .contains("workshop-capacity/provisioner-queue [us-east-2]:\n  pitcrew fix scale-provisioners --replicas 12 --others 4");

            FixCommandTest.Run plan = FixCommandTest.pitcrew(on(lab, "fix", "--from-finding", "workshop-capacity/provisioner-queue",
                    "--runbook-dir", dir.toString(), "--db", tmp.resolve("pitcrew.db").toString()));
            assertThat(plan.exit()).as(plan.err()).isZero();
            assertThat(plan.out()).contains("pitcrew fix scale-provisioners").contains("6 → 12").contains("dry run: nothing changed");

            FixCommandTest.Run without = FixCommandTest.pitcrew(on(lab, "fix", "--from-finding", "workshop-capacity/provisioner-queue"));
            assertThat(without.exit()).isEqualTo(2);
            assertThat(without.err()).contains("pitcrew has no action for this finding");
            String builtIn = FixCommandTest.pitcrew(on(lab, "doctor", "-o", "json")).out();
            assertThat(finding(builtIn, "workshop-capacity/provisioner-queue")).isNull();
            assertThat(piped(builtIn, "fix", "--from-finding", "-"))
                    .contains("provisioner-failures/insufficient-provisioners [us-east-2]:\n  pitcrew fix scale-provisioners\n")
                    .doesNotContain("workshop-capacity");
        }
    }

    private static JsonNode finding(String report, String key) {
        for (JsonNode f : JsonMapper.builder().build().readTree(report).get("findings")) {
            if ((f.get("incidentType").asString() + "/" + f.get("cause").asString()).equals(key)) return f;
        }
        return null;
    }

    /** {@code pitcrew doctor -o json | pitcrew ARGS}: what it printed. */
    private static String piped(String report, String... args) {
        StringWriter out = new StringWriter();
        var cli = Pitcrew.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        ((FixCommand) cli.getSubcommands().get("fix").getCommand()).stdin = new ByteArrayInputStream(report.getBytes(StandardCharsets.UTF_8));
        assertThat(cli.execute(args)).isZero();
        return out.toString();
    }

    private static String[] on(Lab lab, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", lab.kubeconfig().toString(), "--config", lab.config().toString()));
        return all.toArray(String[]::new);
    }
}
