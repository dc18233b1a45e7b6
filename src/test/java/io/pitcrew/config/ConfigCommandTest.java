package io.pitcrew.config;

import io.pitcrew.cli.ConfigCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pitcrew config check}, run as a user would, with kubeconfigs written to a temp dir. */
class ConfigCommandTest {

    private static final String THREE_REGIONS = """
            regions:
              - name: us-east-2
                role: control-plane
                domain: ai.coder.com
              - name: us-west-2
                role: proxy
                domain: oregon-proxy.ai.coder.com
              - name: eu-west-2
                role: proxy
                domain: emea-proxy.ai.coder.com
            """;

    @TempDir
    Path dir;

    /** No KUBECONFIG and an empty home: nothing of the machine running the tests leaks in. */
    private KubeconfigLocator noKubeconfig() {
        return new KubeconfigLocator(Map.of(), dir.resolve("home"));
    }

    @Test
    void validConfigPrintsASummaryAndExitsZero() throws IOException {
        Path config = write("pitcrew.yaml", THREE_REGIONS + """
                thresholds:
                  nodeCpuPercent: 95
                  regionTimeout: 10s
                """);

        Run run = run(noKubeconfig(), "check", "--config", config.toString());

        assertThat(run.exit).isZero();
        assertThat(run.err).isEmpty();
        assertThat(run.out).contains(config + " is valid.")
                .contains("  us-east-2  control-plane  context us-east-2  domain ai.coder.com")
                .contains("  us-west-2  proxy          context us-west-2  domain oregon-proxy.ai.coder.com")
                .contains("names: defaults")
                .contains("thresholds: regionTimeout 10s (default 15s), nodeCpuPercent 95 (default 90)")
                .contains("kubeconfig: not checked: no kubeconfig found; tried --kubeconfig (not given)");
    }

    @Test
    void defaultThresholdsAreSaidToBeDefaults() throws IOException {
        Path config = write("pitcrew.yaml", THREE_REGIONS);

        Run run = run(noKubeconfig(), "check", "--config", config.toString());

        assertThat(run.out).contains("thresholds: defaults");
    }

    @Test
    void problemsGoToStderrWithExitTwo() throws IOException {
        Path config = write("pitcrew.yaml", THREE_REGIONS.replace("role: proxy\n    domain: oregon", "role: proxi\n    domain: oregon")
                + "thresholds:\n  nodeCpuPercent: ninety\n");

        Run run = run(noKubeconfig(), "check", "--config", config.toString());

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.err).contains(config + ":6: regions[1].role: 'proxi' is not a role\n    fix: did you mean proxy?")
                .contains(config + ":12: thresholds.nodeCpuPercent: expected a number, got 'ninety'")
                .endsWith("2 problems.\n");
    }

    @Test
    void missingConfigFile() {
        Run run = run(noKubeconfig(), "check", "--config", dir.resolve("nope.yaml").toString());

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains(dir.resolve("nope.yaml") + ": file not found");
    }

    @Test
    void contextsAreCheckedAgainstAGivenKubeconfig() throws IOException {
        Path config = write("pitcrew.yaml", THREE_REGIONS);
        Path kubeconfig = write("kubeconfig", kubeconfig("us-east-2", "us-west-2", "eu-west-2"));

        Run run = run(noKubeconfig(), "check", "--config", config.toString(), "--kubeconfig", kubeconfig.toString());

        assertThat(run.exit).isZero();
        assertThat(run.out).contains("kubeconfig: " + kubeconfig + " has the context of every region");
    }

    @Test
    void theKubeconfigNamedInTheConfigIsTheOneChecked() throws IOException {
        // as doctor reads it: the config's kubeconfig: line, when no --kubeconfig is given
        Path kubeconfig = write("named/kubeconfig", kubeconfig("us-east-2", "us-west-2", "eu-west-2"));
        Path config = write("pitcrew.yaml", "kubeconfig: " + kubeconfig + "\n" + THREE_REGIONS);

        Run run = run(noKubeconfig(), "check", "--config", config.toString());

        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.out).contains("kubeconfig: " + kubeconfig + " has the context of every region");
    }

    @Test
    void theFilesOfKubeconfigAreMergedForTheCheck() throws IOException {
        Path config = write("pitcrew.yaml", THREE_REGIONS);
        Path first = write("a/config", kubeconfig("us-east-2", "us-west-2"));
        Path second = write("b/config", kubeconfig("eu-west-2"));
        KubeconfigLocator list = new KubeconfigLocator(Map.of("KUBECONFIG", first + ":" + second), dir.resolve("home"));

        Run run = run(list, "check", "--config", config.toString());

        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.out).contains("kubeconfig: the merged kubeconfig (files: " + first + ", " + second
                + ") has the context of every region");
    }

    @Test
    void aFoundKubeconfigIsCheckedToo() throws IOException {
        Path config = write("pitcrew.yaml", THREE_REGIONS);
        write("home/.kube/config", kubeconfig("us-east-2", "us-west-2"));

        Run run = run(noKubeconfig(), "check", "--config", config.toString());

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("regions[2].context: region eu-west-2: context 'eu-west-2' is not in the kubeconfig (file: "
                + dir.resolve("home/.kube/config") + "; contexts: us-east-2, us-west-2)");
    }

    @Test
    void unknownContextNamesTheAvailableOnes() throws IOException {
        Path config = write("pitcrew.yaml", THREE_REGIONS);
        Path kubeconfig = write("kubeconfig", kubeconfig("us-east-2", "us-west2", "prod"));

        Run run = run(noKubeconfig(), "check", "--config", config.toString(), "--kubeconfig", kubeconfig.toString());

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.err)
                .contains(config + ":5: regions[1].context: region us-west-2: context 'us-west-2' is not in the kubeconfig (file: "
                        + kubeconfig + "; contexts: us-east-2, us-west2, prod)\n    fix: did you mean us-west2? ")
                .contains(config + ":8: regions[2].context: region eu-west-2: context 'eu-west-2' is not in the kubeconfig")
                .contains("--alias eu-west-2")
                .endsWith("2 problems.\n");
    }

    @Test
    void malformedKubeconfigIsReportedClearly() throws IOException {
        Path config = write("pitcrew.yaml", THREE_REGIONS);
        Path broken = write("broken", "apiVersion: v1\ncontexts: [\n");
        Path notOne = write("list", "- a\n- b\n");
        Path badShape = write("shape", "apiVersion: v1\ncontexts: 5\n");

        Run syntax = run(noKubeconfig(), "check", "--config", config.toString(), "--kubeconfig", broken.toString());
        Run list = run(noKubeconfig(), "check", "--config", config.toString(), "--kubeconfig", notOne.toString());
        Run shape = run(noKubeconfig(), "check", "--config", config.toString(), "--kubeconfig", badShape.toString());

        assertThat(syntax.exit).isEqualTo(2);
        assertThat(syntax.err).startsWith(broken + ":").contains("not valid YAML");
        assertThat(list.exit).isEqualTo(2);
        assertThat(list.err).startsWith(notOne + ":1: not a kubeconfig: expected a mapping").contains("got a list");
        assertThat(shape.exit).isEqualTo(2);
        assertThat(shape.err).startsWith(badShape + ":2: contexts: not a kubeconfig: expected a list of contexts, got a number");
    }

    @Test
    void missingExplicitKubeconfigIsAnError() throws IOException {
        Path config = write("pitcrew.yaml", THREE_REGIONS);

        Run run = run(noKubeconfig(), "check", "--config", config.toString(), "--kubeconfig", dir.resolve("kc").toString());

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains(dir.resolve("kc") + ": not found (given with --kubeconfig)");
    }

    @Test
    void theDefaultConstructorAndHelpWork() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConfigCommand()).setOut(new PrintWriter(out));

        assertThat(cli.execute("check", "--help")).isZero();
        assertThat(out.toString()).contains("--config=FILE").contains("default: pitcrew.yaml").contains("--kubeconfig=FILE");
        assertThat(new CommandLine(new ConfigCommand()).setErr(new PrintWriter(new StringWriter())).execute()).isEqualTo(2);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static String kubeconfig(String... contexts) {
        StringBuilder b = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        for (String c : contexts) b.append("- name: ").append(c).append("\n  cluster: {server: 'https://127.0.0.1:6443'}\n");
        b.append("users:\n- name: u\n  user: {token: t}\ncontexts:\n");
        for (String c : contexts) b.append("- name: ").append(c).append("\n  context: {cluster: ").append(c).append(", user: u}\n");
        return b.append("current-context: ").append(contexts[0]).append('\n').toString();
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(KubeconfigLocator locator, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new ConfigCommand(locator))
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
