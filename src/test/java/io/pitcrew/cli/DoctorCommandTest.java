package io.pitcrew.cli;

import io.pitcrew.config.KubeconfigLocator;
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import io.pitcrew.text.Aligned;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** doctor as a user runs it: formats, region filter, exit codes, and bad input that must be exit 2 with a clear why. */
class DoctorCommandTest {

    @TempDir
    static Path labDir;
    static Lab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void startLab() {
        lab = Lab.start(labDir, "storage-exhaustion", 10);
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        return run(KubeconfigLocator.system(), args);
    }

    /** doctor with this environment's KUBECONFIG and home, as the process's own would be read. */
    private static Run run(KubeconfigLocator locator, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Pitcrew.commandLine();
        ((DoctorCommand) cli.getSubcommands().get("doctor").getCommand()).platform.locator = locator;
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String[] doctor(String... more) {
        List<String> all = new ArrayList<>(List.of("doctor"));
        all.addAll(List.of(more));
        return LabKit.args(lab, null, all.toArray(String[]::new));
    }

    @Test
    void findingsAtOrAboveFailOnExitOneBelowExitZero() {
        Run any = run(doctor());
        assertThat(any.exit()).as(any.err()).isEqualTo(1);
        assertThat(any.out()).contains("workspace-restarts / ephemeral-storage-exhaustion").contains("1 finding (1 P1)");
        assertThat(any.out().lines().filter(l -> !l.startsWith("         $ "))).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
        assertThat(run(doctor("--fail-on", "P0")).exit()).isZero();
        assertThat(run(doctor("--fail-on", "P1")).exit()).isEqualTo(1);
    }

    @Test
    void theLabsConfigNamesItsKubeconfigSoConfigAloneIsEnough() {
        Run r = run("doctor", "--config", lab.config().toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("workspace-restarts / ephemeral-storage-exhaustion");
    }

    @Test
    void jsonIsOneDocumentWithRegionsAndFindings() {
        Run r = run(doctor("-o", "json"));
        JsonNode doc = JsonMapper.builder().build().readTree(r.out());
        assertThat(doc.get("regions")).hasSize(3);
        JsonNode f = doc.get("findings").get(0);
        assertThat(f.get("incidentType").asString()).isEqualTo("workspace-restarts");
        assertThat(f.get("cause").asString()).isEqualTo("ephemeral-storage-exhaustion");
        assertThat(f.get("regions").get(0).asString()).isEqualTo("us-west-2");
        assertThat(f.get("evidence").toString()).contains("ephemeral-storage");
    }

    @Test
    void regionFilterReadsOnlyThoseRegions() {
        Run r = run(doctor("--region", "us-east-2,eu-west-2", "-o", "json"));
        assertThat(r.exit()).isZero();
        JsonNode doc = JsonMapper.builder().build().readTree(r.out());
        assertThat(doc.get("regions")).extracting(n -> n.get("name").asString()).containsExactly("us-east-2", "eu-west-2");
        assertThat(doc.get("findings")).isEmpty();
    }

    @Test
    void markdownIsForPasting() {
        Run r = run(doctor("-o", "markdown"));
        assertThat(r.out()).startsWith("## pitcrew doctor").contains("### P1 · workspace-restarts / ephemeral-storage-exhaustion");
    }

    @Test
    void everyFormatOfDoctorIsWhatItSays() {
        Run table = run(doctor());
        assertThat(table.out().lines().findFirst().orElseThrow()).isEqualTo("REGION     ROLE           STATUS  NODES  PODS  WORKSPACES  TOOK");
        Aligned.columns(table.out().lines().limit(4).toList());
        Run wide = run(doctor("-o", "wide"));
        assertThat(wide.exit()).as(wide.err()).isEqualTo(1);
        assertThat(wide.out().lines().findFirst().orElseThrow())
                .isEqualTo("REGION     ROLE           CONTEXT    STATUS  NODES  PODS  WORKSPACES  FINDINGS  EVIDENCE  TOOK");
        Aligned.columns(wide.out().lines().limit(4).toList());
        assertThat(wide.out()).doesNotContain("more (-o");
        JsonNode json = JsonMapper.builder().build().readTree(run(doctor("-o", "json")).out());
        JsonNode yaml = YAMLMapper.builder().build().readTree(run(doctor("-o", "yaml")).out());
        assertThat(fieldNames(yaml)).as("the same field names").isEqualTo(fieldNames(json));
        assertThat(yaml.get("findings").get(0).get("cause").asString()).isEqualTo("ephemeral-storage-exhaustion");
        assertThat(run(doctor("-o", "markdown")).out()).startsWith("## pitcrew doctor");
    }

    @Test
    void oneReportAsJsonAndAsYamlIsOneTree() {
        PitcrewConfig config = ConfigLoader.load(lab.config());
        DoctorReport report = new Doctor(config, Doctor.loadRunbook(config.runbookDir()))
                .run(Kubeconfig.read(lab.kubeconfig()), config.regions(), o -> {});
        JsonNode json = JsonMapper.builder().build().readTree(OutputFormat.JSON.write(report));
        assertThat(json.get("findings")).isNotEmpty();
        assertThat(YAMLMapper.builder().build().readTree(OutputFormat.YAML.write(report))).isEqualTo(json);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.properties().forEach(e -> {
            names.add(e.getKey());
            JsonNode v = e.getValue();
            if (v.isArray() && !v.isEmpty()) v = v.get(0);
            if (v.isObject()) fieldNames(v).forEach(n -> names.add(e.getKey() + "." + n));
        });
        return names;
    }

    @Test
    void outWritesTheReportAndStdoutStaysEmpty() throws Exception {
        Path file = dir.resolve("doctor.json");
        Files.writeString(file, "yesterday's report\n");
        Run r = run(doctor("-o", "json", "--out", file.toString()));
        assertThat(r.exit()).as("findings still decide the exit code: " + r.err()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("wrote " + file);
        assertThat(JsonMapper.builder().build().readTree(Files.readString(file)).get("findings")).hasSize(1);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void unknownRegionFormatOrSeverityIsAUsageError() {
        assertThat(run(doctor("--region", "ap-south-1"))).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("--region ap-south-1: no such region; configured: us-east-2, us-west-2, eu-west-2");
        });
        assertThat(run(doctor("-o", "xml"))).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("-o xml: not a format of pitcrew doctor; use one of table, wide, json, yaml, markdown");
            assertThat(r.out()).isEmpty();
        });
        assertThat(run(doctor("--fail-on", "P9")).exit()).isEqualTo(2);
    }

    @Test
    void badConfigIsExitTwoWithLineAndFix() throws Exception {
        Path config = dir.resolve("pitcrew.yaml");
        Files.writeString(config, "regions:\n  - name: us-east-2\n    role: controlplane\n    domain: ai.coder.com\n");
        Run r = run("doctor", "--kubeconfig", lab.kubeconfig().toString(), "--config", config.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(config + ":3: regions[0].role").contains("fix:");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownContextIsExitTwoNamingTheAvailableOnes() throws Exception {
        Path config = dir.resolve("pitcrew.yaml");
        Files.writeString(config, "regions:\n  - name: us-east-2\n    context: prod-use2\n    role: control-plane\n    domain: ai.coder.com\n");
        Run r = run("doctor", "--kubeconfig", lab.kubeconfig().toString(), "--config", config.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(":3: regions[0].context").contains("prod-use2").contains("us-east-2, us-west-2, eu-west-2");
    }

    @Test
    void unreadableOrMalformedKubeconfigIsExitTwo() throws Exception {
        Run missing = run("doctor", "--kubeconfig", dir.resolve("nope").toString(), "--config", lab.config().toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope");
        Path garbage = dir.resolve("kubeconfig");
        Files.writeString(garbage, "clusters: [\n");
        Run malformed = run("doctor", "--kubeconfig", garbage.toString(), "--config", lab.config().toString());
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err()).contains(garbage.toString()).contains("not valid YAML");
    }

    @Test
    void brokenRunbookYamlIsExitTwoNamingFileAndLine() throws Exception {
        Files.writeString(dir.resolve("mine.yaml"), "id: mine\ntitle: Mine\ncauses:\n  - id: c\n    title: C\n    detect: {any: [no-such-signal]}\n    severity: {default: P2}\n");
        Run r = run(doctor("--runbook-dir", dir.toString()));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("mine.yaml:6: causes[0].detect.any[0]: unknown signal 'no-such-signal'");
    }

    @Test
    void aTimeoutKeepsTheConfiguredProbes(@TempDir Path other) {
        try (Lab misrouted = Lab.start(other, "dns-misroute", 4)) {
            Run r = run("doctor", "--kubeconfig", misrouted.kubeconfig().toString(), "--config", misrouted.config().toString(),
                    "--timeout", "10", "-o", "json");
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.out()).contains("\"cause\" : \"dns-misconfiguration\"");
        }
    }

    /**
     * KUBECONFIG = the lab's kubeconfig, a file that does not exist, then a second file in another directory that
     * defines us-west-2's context, cluster and user again, pointing nowhere (the first file's must win), and alone a
     * context west-by-alias made of the first file's us-west-2 cluster and user.
     */
    private KubeconfigLocator kubeconfigList() throws Exception {
        Path second = dir.resolve("second/config");
        Files.createDirectories(second.getParent());
        Files.writeString(second, """
                apiVersion: v1
                kind: Config
                current-context: west-by-alias
                clusters:
                - name: us-west-2
                  cluster: {server: "http://127.0.0.1:1"}
                contexts:
                - name: us-west-2
                  context: {cluster: us-west-2, user: us-west-2}
                - name: west-by-alias
                  context: {cluster: us-west-2, user: us-west-2}
                users:
                - name: us-west-2
                  user: {token: shadowed-token}
                """);
        String list = lab.kubeconfig() + ":" + dir.resolve("missing") + ":" + second;
        return new KubeconfigLocator(Map.of("KUBECONFIG", list), dir.resolve("home"));
    }

    /** The lab's pitcrew.yaml without its kubeconfig: line, so that $KUBECONFIG is what is read. */
    private static Path labConfigWithoutKubeconfig() throws Exception {
        Path config = labDir.resolve("pitcrew-without-kubeconfig.yaml");
        Files.writeString(config, Files.readString(lab.config()).replaceFirst("(?m)^kubeconfig: .*\n", ""));
        return config;
    }

    @Test
    void aKubeconfigListIsMergedAndTheFirstFileToNameAContextWins() throws Exception {
        Run r = run(kubeconfigList(), "doctor", "--config", labConfigWithoutKubeconfig().toString(), "-o", "json");

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        JsonNode doc = JsonMapper.builder().build().readTree(r.out());
        assertThat(doc.get("regions")).extracting(n -> n.get("status").asString()).containsExactly("ok", "ok", "ok");
        assertThat(doc.get("findings").get(0).get("cause").asString()).isEqualTo("ephemeral-storage-exhaustion");
        assertThat(doc.get("findings").get(0).get("regions").get(0).asString()).isEqualTo("us-west-2");
    }

    @Test
    void contextGivesARegionAnotherContextOfTheMergedKubeconfig() throws Exception {
        Run r = run(kubeconfigList(), "doctor", "--config", labConfigWithoutKubeconfig().toString(),
                "--context", "us-west-2=west-by-alias", "-o", "json");

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        JsonNode doc = JsonMapper.builder().build().readTree(r.out());
        assertThat(doc.get("regions")).extracting(n -> n.get("name").asString() + " " + n.get("context").asString() + " " + n.get("status").asString())
                .containsExactly("us-east-2 us-east-2 ok", "us-west-2 west-by-alias ok", "eu-west-2 eu-west-2 ok");
        assertThat(doc.get("findings").get(0).get("regions").get(0).asString()).isEqualTo("us-west-2");
        // the runbook's next steps name the context the region was read through
        assertThat(r.out()).contains("--context=west-by-alias").doesNotContain("--context=us-west-2");
    }

    @Test
    void withoutAPitcrewYamlTheRunbooksRegionsTakeTheirContextsFromTheCommandLine() throws Exception {
        assertThat(Path.of("pitcrew.yaml")).as("this test runs doctor without a pitcrew.yaml in the working directory").doesNotExist();

        Run r = run(kubeconfigList(), "doctor", "--context", "us-west-2=west-by-alias");

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("workspace-restarts / ephemeral-storage-exhaustion").contains("west-by-alias");
    }

    @Test
    void anUnknownRegionOrContextOnTheCommandLineIsExitTwoSayingWhatThereIs() throws Exception {
        KubeconfigLocator list = kubeconfigList();
        Path config = labConfigWithoutKubeconfig();

        Run region = run(list, "doctor", "--config", config.toString(), "--context", "eu-west-3=prod-paris");
        Run context = run(list, "doctor", "--config", config.toString(), "--context", "us-west-2=prod-oregon");
        Run noYaml = run(list, "doctor", "--context", "eu-west-3=prod-paris");

        assertThat(region.exit()).isEqualTo(2);
        assertThat(region.out()).isEmpty();
        assertThat(region.err()).startsWith("error: --context eu-west-3=prod-paris: no region eu-west-3 in " + config
                + " (regions: us-east-2, us-west-2, eu-west-2)\n    fix: did you mean eu-west-2?");
        assertThat(context.exit()).isEqualTo(2);
        assertThat(context.out()).isEmpty();
        assertThat(context.err()).startsWith("error: --context us-west-2=prod-oregon: context 'prod-oregon' is not in the "
                + "kubeconfig (files: " + lab.kubeconfig() + ", " + dir.resolve("second/config") + "; not found: "
                + dir.resolve("missing") + "; contexts: us-east-2, us-west-2, eu-west-2, west-by-alias)");
        assertThat(noYaml.exit()).isEqualTo(2);
        assertThat(noYaml.err()).contains("no region eu-west-3 in the runbook's regions (no pitcrew.yaml; --config FILE names one)");
    }

    @Test
    void anInvalidFileInKubeconfigIsExitTwoNamingIt() throws Exception {
        Path garbage = dir.resolve("garbage");
        Files.writeString(garbage, "apiVersion: v1\nclusters: [\n");
        KubeconfigLocator list = new KubeconfigLocator(Map.of("KUBECONFIG", lab.kubeconfig() + ":" + garbage), dir.resolve("home"));

        Run r = run(list, "doctor", "--config", labConfigWithoutKubeconfig().toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: " + garbage + ":").contains("not valid YAML");
    }
}
