package io.pitcrew.config;

import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {

    private static final String MINIMAL = """
            regions:
              - name: us-east-2
                role: control-plane
                domain: ai.coder.com
            """;

    @Test
    void minimalFileTakesEveryDefault() {
        PitcrewConfig config = ConfigLoader.parse("pitcrew.yaml", MINIMAL);

        assertThat(config.regions()).containsExactly(
                new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "ai.coder.com"));
        assertThat(config.names()).isEqualTo(Names.defaults());
        assertThat(config.thresholds()).isEqualTo(Thresholds.defaults());
        assertThat(config.runbookDir()).isEmpty();
    }

    @Test
    void emptySectionsMeanDefaults() {
        PitcrewConfig config = ConfigLoader.parse("pitcrew.yaml", MINIMAL + "names:\nthresholds: {}\n");

        assertThat(config.names()).isEqualTo(Names.defaults());
        assertThat(config.thresholds()).isEqualTo(Thresholds.defaults());
    }

    @Test
    void fullFileGivesItsValues(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("runbook.d"));
        Path file = dir.resolve("pitcrew.yaml");
        Files.writeString(file, """
                regions:
                  - name: east
                    context: arn:aws:eks:us-east-2:123456789012:cluster/coder
                    role: control-plane
                    domain: Coder.Example.com
                  - name: west
                    role: proxy
                    domain: west.coder.example.com
                names:
                  coderNamespace: coder-prod
                  coderDeployment: coderd
                  workspaceSelector: app.kubernetes.io/name=ws, team=platform
                  provisionerSelector: app=prov
                  provisioners:
                    - {deployment: prov-main, baseline: 4}
                    - deployment: prov-spare
                      baseline: 0
                  litellmNamespace: ai
                  litellmDeployment: llm
                  keyRotatorDeployment: rotator
                  keyRotatorSelector: app=rotator
                  karpenterNamespace: kube-system
                  karpenterSelector: app.kubernetes.io/name=karpenter
                  litellmSelector: app=llm
                  litellmCredentialSecrets: [bedrock-keys, vertex-keys]
                thresholds:
                  regionTimeout: 500ms
                  nodeCpuPercent: 95
                  nodeMemoryPercent: "85"
                  clusterUsagePercent: 70
                  workspaceRestarts: 5
                  restartWindow: 1h
                  keyRotationWindow: 1h30m
                  maxWorkspacesPerRegion: 120
                  pendingGrace: 90s
                  karpenterScaleTimeout: 10m
                  logWindow: 30m
                  provisionerQueueLines: 10
                  largeWorkshopUsers: 30
                  largeWorkshopProvisioners: 12
                  logTailLines: 500
                  daemonOfflineAfter: 2m
                  provisionerQueueDepth: 5
                  buildStuckAfter: 15m
                  litellmSaturationPercent: 90
                runbookDir: ./runbook.d
                """);

        PitcrewConfig config = ConfigLoader.load(file);

        assertThat(config.regions()).containsExactly(
                new Region("east", "arn:aws:eks:us-east-2:123456789012:cluster/coder", Region.Role.CONTROL_PLANE,
                        "coder.example.com"),
                new Region("west", "west", Region.Role.PROXY, "west.coder.example.com"));
        assertThat(config.controlPlane()).map(Region::name).contains("east");
        assertThat(config.names()).isEqualTo(new Names("coder-prod", "coderd",
                "app.kubernetes.io/name=ws,team=platform", "app=prov",
                List.of(new Names.Provisioner("prov-main", 4), new Names.Provisioner("prov-spare", 0)),
                "ai", "llm", "rotator", "app=rotator", "kube-system", "app.kubernetes.io/name=karpenter",
                "app=llm", List.of("bedrock-keys", "vertex-keys")));
        assertThat(config.thresholds()).isEqualTo(new Thresholds(Duration.ofMillis(500), 95, 85, 70, 5,
                Duration.ofHours(1), Duration.ofMinutes(90), 120, Duration.ofSeconds(90), Duration.ofMinutes(10),
                Duration.ofMinutes(30), 10, 30, 12, 500, Duration.ofMinutes(2), 5, Duration.ofMinutes(15), 90));
        assertThat(config.runbookDir()).contains(dir.resolve("runbook.d"));
    }

    @Test
    void thePlatformsComponentsAreFoundWhereTheNamesSay() {
        PitcrewConfig config = ConfigLoader.parse("pitcrew.yaml", MINIMAL + """
                names:
                  karpenterNamespace: kube-system
                  corednsNamespace: dns
                  corednsSelector: app=dns,tier=cluster
                  loadBalancerControllerDeployment: aws-lbc
                """);

        Names n = config.names();
        assertThat(n.karpenter()).isEqualTo(new Names.Workload("kube-system", "karpenter", "app.kubernetes.io/name=karpenter"));
        assertThat(n.coredns()).isEqualTo(new Names.Workload("dns", "coredns", "app=dns,tier=cluster"));
        assertThat(n.loadBalancerController()).isEqualTo(new Names.Workload("kube-system", "aws-lbc", "app.kubernetes.io/name=aws-load-balancer-controller"));
        assertThat(n.metricsServer()).isEqualTo(new Names.Workload("kube-system", "metrics-server", "k8s-app=metrics-server"));
        assertThat(n.coder()).isEqualTo(new Names.Workload("coder", "coder", "app.kubernetes.io/name=coder"));
        // every namespace whose Deployments are read, once
        assertThat(n.deploymentNamespaces()).containsExactly("coder", "litellm", "kube-system", "dns");
    }

    @Test
    void aComponentsBadNameSaysWhereAndWhatIsValid() {
        List<Problem> ps = problems(MINIMAL + """
                names:
                  corednsNamespace: Kube_System
                  metricsServerSelector: k8s-app!=metrics-server
                """);

        assertThat(ps).extracting(Problem::path).containsExactly("names.corednsNamespace", "names.metricsServerSelector");
        assertThat(ps.get(0).line()).isEqualTo(6);
        assertThat(ps.get(0).message()).isEqualTo("'Kube_System' is not a valid namespace name");
        assertThat(ps.get(0).fix()).contains("the default is kube-system");
        assertThat(ps.get(1).message()).contains("set-based requirement");
        assertThat(ps.get(1).fix()).contains("k8s-app=metrics-server");
    }

    @Test
    void unknownKeysSuggestTheNearestValidOne() {
        // The misspelt key is the only problem: "regions: missing" would say the same thing again.
        Problem p = single("""
                regoins:
                  - name: us-east-2
                """);
        assertThat(p.line()).isEqualTo(1);
        assertThat(p.path()).isEqualTo("regoins");
        assertThat(p.message()).isEqualTo("unknown key 'regoins'");
        assertThat(p.fix()).startsWith("did you mean 'regions'?").contains("valid keys here: regions, names");

        List<Problem> nested = problems(MINIMAL + """
                thresholds:
                  nodeCpu: 90
                  regionTimout: 5s
                  colour: blue
                """);
        assertThat(nested).extracting(Problem::path)
                .containsExactly("thresholds.nodeCpu", "thresholds.regionTimout", "thresholds.colour");
        assertThat(nested.get(0).fix()).startsWith("did you mean 'nodeCpuPercent'?");
        assertThat(nested.get(1).fix()).startsWith("did you mean 'regionTimeout'?");
        assertThat(nested.get(2).fix()).startsWith("remove it;");
        assertThat(nested).extracting(Problem::line).containsExactly(6, 7, 8);
    }

    @Test
    void wrongTypesSayWhatWasExpectedAndWhatWasGiven() {
        List<Problem> ps = problems(MINIMAL + """
                thresholds:
                  nodeCpuPercent: ninety
                  nodeMemoryPercent: 90.5
                  logTailLines: [1, 2]
                names:
                  coderNamespace: 42
                  provisioners: coder-provisioner-default
                """);

        assertThat(ps).extracting(Problem::path).containsExactly("thresholds.nodeCpuPercent",
                "thresholds.nodeMemoryPercent", "thresholds.logTailLines", "names.coderNamespace",
                "names.provisioners");
        assertThat(ps.get(0).message()).isEqualTo("expected a number, got 'ninety'");
        assertThat(ps.get(0).line()).isEqualTo(6);
        assertThat(ps.get(0).fix()).contains("from 1 to 100").contains("default is 90");
        assertThat(ps.get(1).message()).isEqualTo("expected a whole number, got 90.5");
        assertThat(ps.get(2).message()).isEqualTo("expected a number, got a list");
        assertThat(ps.get(3).message()).isEqualTo("expected text, got 42");
        assertThat(ps.get(3).fix()).contains("put it in quotes");
        assertThat(ps.get(4).message()).isEqualTo("expected a list of provisioners, got 'coder-provisioner-default'");
        assertThat(ps.get(4).fix()).contains("{deployment: coder-provisioner-default, baseline: 6}");
    }

    @Test
    void outOfRangeNumbers() {
        List<Problem> ps = problems(MINIMAL + """
                thresholds:
                  nodeCpuPercent: 120
                  clusterUsagePercent: 0
                  logTailLines: 50000
                """);

        assertThat(ps).extracting(Problem::message)
                .containsExactly("must be at most 100, got 120", "must be at least 1, got 0",
                        "must be at most 10000, got 50000");
        assertThat(ps).extracting(Problem::line).containsExactly(6, 7, 8);
        assertThat(ps.get(0).fix()).isEqualTo(
                "use a whole number from 1 to 100 (percent of a node's allocatable CPU); the default is 90");
    }

    @Test
    void badDurations() {
        List<Problem> ps = problems(MINIMAL + """
                thresholds:
                  regionTimeout: 5
                  restartWindow: 30 minutes
                  keyRotationWindow: 30m1h
                  logWindow: 0s
                  pendingGrace:
                """);

        assertThat(ps).extracting(Problem::path).containsExactly("thresholds.regionTimeout",
                "thresholds.restartWindow", "thresholds.keyRotationWindow", "thresholds.logWindow",
                "thresholds.pendingGrace");
        assertThat(ps).extracting(Problem::message).containsExactly("'5' has no unit",
                "'30 minutes' is not a duration", "'30m1h' has its units out of order or repeated",
                "must be more than zero, got 0s", "has no value");
        assertThat(ps.get(0).fix()).isEqualTo("write a duration like 500ms, 90s, 5m, 4h, 1d or 1h30m; the default is 15s");
        assertThat(ps.get(4).fix()).contains("the default is 2m");
    }

    @Test
    void pendingGraceMustComeBeforeKarpenterScaleTimeout() {
        Problem p = single(MINIMAL + """
                thresholds:
                  pendingGrace: 10m
                """);
        assertThat(p.path()).isEqualTo("thresholds.pendingGrace");
        assertThat(p.message()).isEqualTo("pendingGrace (10m) must be shorter than karpenterScaleTimeout (5m)");
    }

    @Test
    void badRoleSuggestsTheRightOne() {
        Problem p = single("""
                regions:
                  - name: us-east-2
                    role: controlplane
                    domain: ai.coder.com
                """);
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.path()).isEqualTo("regions[0].role");
        assertThat(p.message()).isEqualTo("'controlplane' is not a role");
        assertThat(p.fix()).startsWith("did you mean control-plane?").contains("or proxy");
    }

    @Test
    void missingRequiredRegionFields() {
        List<Problem> ps = problems("""
                regions:
                  - context: us-east-2
                """);
        assertThat(ps).extracting(Problem::path)
                .containsExactly("regions[0].name", "regions[0].role", "regions[0].domain");
        assertThat(ps).allSatisfy(p -> {
            assertThat(p.message()).isEqualTo("missing (required)");
            assertThat(p.line()).isEqualTo(2);
        });
        assertThat(ps.get(2).fix()).contains("like ai.coder.com");
    }

    @Test
    void duplicateNamesAndContexts() {
        List<Problem> ps = problems("""
                regions:
                  - name: us-east-2
                    role: control-plane
                    domain: ai.coder.com
                  - name: us-east-2
                    context: other
                    role: proxy
                    domain: a.ai.coder.com
                  - name: us-west-2
                    context: us-east-2
                    role: proxy
                    domain: b.ai.coder.com
                """);

        assertThat(ps).hasSize(2);
        assertThat(ps.get(0).line()).isEqualTo(5);
        assertThat(ps.get(0).path()).isEqualTo("regions[1].name");
        assertThat(ps.get(0).message()).isEqualTo("region name 'us-east-2' is already used by regions[0]");
        assertThat(ps.get(0).fix()).isEqualTo("give each region its own name");
        assertThat(ps.get(1).line()).isEqualTo(10);
        assertThat(ps.get(1).path()).isEqualTo("regions[2].context");
        assertThat(ps.get(1).message()).isEqualTo("context 'us-east-2' is already used by regions[0] (us-east-2)");
        assertThat(ps.get(1).fix()).contains("kubectl config get-contexts");
    }

    @Test
    void aDefaultedContextCanCollideToo() {
        Problem p = single("""
                regions:
                  - name: us-east-2
                    context: us-west-2
                    role: control-plane
                    domain: ai.coder.com
                  - name: us-west-2
                    role: proxy
                    domain: oregon-proxy.ai.coder.com
                """);
        assertThat(p.path()).isEqualTo("regions[1].context");
        assertThat(p.line()).isEqualTo(6);
        assertThat(p.message()).contains("no context given, so it is the region's name");
    }

    @Test
    void exactlyOneControlPlane() {
        Problem none = single("""
                regions:
                  - name: us-west-2
                    role: proxy
                    domain: oregon-proxy.ai.coder.com
                """);
        assertThat(none.path()).isEqualTo("regions");
        assertThat(none.line()).isEqualTo(1);
        assertThat(none.message()).isEqualTo("no region has role: control-plane");
        assertThat(none.fix()).contains("give it role: control-plane");

        Problem two = single("""
                regions:
                  - name: us-east-2
                    role: control-plane
                    domain: ai.coder.com
                  - name: us-west-2
                    role: control-plane
                    domain: oregon-proxy.ai.coder.com
                """);
        assertThat(two.path()).isEqualTo("regions[1].role");
        assertThat(two.line()).isEqualTo(6);
        assertThat(two.message()).isEqualTo("a second control plane: regions[0] (us-east-2) is already role: control-plane");
        assertThat(two.fix()).contains("role: proxy");
    }

    @Test
    void regionNamesAreDnsLabelsAndDomainsAreBare() {
        List<Problem> ps = problems("""
                regions:
                  - name: US_East
                    role: control-plane
                    domain: "*.ai.coder.com"
                  - name: west
                    role: proxy
                    domain: https://oregon-proxy.ai.coder.com/
                  - name: emea
                    role: proxy
                    domain: emea_proxy.ai.coder.com
                """);
        assertThat(ps).extracting(Problem::path).containsExactly("regions[0].name", "regions[0].domain",
                "regions[1].domain", "regions[2].domain");
        assertThat(ps.get(0).message()).isEqualTo("'US_East' is not a valid region name");
        assertThat(ps.get(0).fix()).contains("lowercase letters, digits and '-'");
        assertThat(ps.get(1).fix()).contains("give the apex only, like ai.coder.com");
        assertThat(ps.get(2).message()).isEqualTo("'https://oregon-proxy.ai.coder.com/' is not a bare domain");
        assertThat(ps.get(3).message()).isEqualTo("'emea_proxy.ai.coder.com' is not a valid domain name");
    }

    @Test
    void regionsMustBeANonEmptyListOfMappings() {
        assertThat(single("names: {}\n").message()).isEqualTo("missing: at least one region is required");
        assertThat(single("regions: []\n").message()).isEqualTo("the list is empty: at least one region is required");
        assertThat(single("regions: us-east-2\n").message()).isEqualTo("expected a list of regions, got 'us-east-2'");
        Problem item = single("regions:\n  - us-east-2\n");
        assertThat(item.path()).isEqualTo("regions[0]");
        assertThat(item.line()).isEqualTo(2);
        assertThat(item.message()).startsWith("expected a region (a mapping with name, context, role, domain)");
    }

    @Test
    void emptyFileAndNotAMapping() {
        Problem empty = single("# nothing here yet\n");
        assertThat(empty.line()).isZero();
        assertThat(empty.message()).isEqualTo("the file is empty");
        assertThat(empty.fix()).contains("regions:");
        assertThat(single("").message()).isEqualTo("the file is empty");

        Problem list = single("- us-east-2\n- us-west-2\n");
        assertThat(list.line()).isEqualTo(1);
        assertThat(list.message())
                .isEqualTo("expected a mapping with regions, names, thresholds and runbookDir, got a list");
    }

    @Test
    void invalidLabelSelectors() {
        List<Problem> ps = problems(MINIMAL + """
                names:
                  workspaceSelector: app
                  provisionerSelector: app:coder-provisioner
                  keyRotatorSelector: app!=x
                  karpenterSelector: app=karpenter,
                """);
        assertThat(ps).extracting(Problem::path).containsExactly("names.workspaceSelector",
                "names.provisionerSelector", "names.keyRotatorSelector", "names.karpenterSelector");
        assertThat(ps.get(0).message()).isEqualTo("'app' is not a label selector: 'app' has no '=value'");
        assertThat(ps.get(0).fix())
                .isEqualTo("write key=value pairs separated by commas, like app.kubernetes.io/name=coder-workspace (the default)");
        assertThat(ps.get(1).message()).contains("has no '=value'");
        assertThat(ps.get(2).message()).contains("only key=value is supported");
        assertThat(ps.get(3).message()).contains("empty part between commas");
    }

    @Test
    void provisionerProblems() {
        List<Problem> ps = problems(MINIMAL + """
                names:
                  provisioners:
                    - {deployment: coder-provisioner-default, baseline: -1}
                    - deployment: coder-provisioner-default
                      baseline: 2
                    - deployment: Coder_Provisioner
                    - {deployment: coder-provisioner-demo, baseline: 2, replicas: 3}
                """);
        assertThat(ps).extracting(Problem::path).containsExactly("names.provisioners[0].baseline",
                "names.provisioners[1].deployment", "names.provisioners[2].deployment",
                "names.provisioners[2].baseline", "names.provisioners[3].replicas");
        assertThat(ps.get(0).line()).isEqualTo(7);
        assertThat(ps.get(0).message()).isEqualTo("must be at least 0, got -1");
        assertThat(ps.get(0).fix())
                .isEqualTo("use a whole number 0 or more (replicas it normally runs with; the runbook's: default 6, "
                        + "experimental 2, demo 2)");
        assertThat(ps.get(1).message()).isEqualTo(
                "deployment 'coder-provisioner-default' is already listed at names.provisioners[0]");
        assertThat(ps.get(2).message()).isEqualTo("'Coder_Provisioner' is not a valid deployment name");
        assertThat(ps.get(3).message()).isEqualTo("missing (required)");
        assertThat(ps.get(4).message()).isEqualTo("unknown key 'replicas'");
    }

    @Test
    void sectionsMustBeMappings() {
        Problem p = single(MINIMAL + "thresholds: strict\n");
        assertThat(p.path()).isEqualTo("thresholds");
        assertThat(p.message()).isEqualTo("expected a mapping of thresholds, got 'strict'");
    }

    @Test
    void runbookDirIsResolvedAgainstTheConfigFileAndMustExist(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("conf/pitcrew.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, MINIMAL + "runbookDir: ../runbooks\n");

        Problem p = firstProblemLoading(file);
        assertThat(p.source()).isEqualTo(file.toString());
        assertThat(p.line()).isEqualTo(5);
        assertThat(p.message()).isEqualTo("'../runbooks' does not exist (resolved to " + dir.resolve("runbooks") + ")");

        Files.createDirectories(dir.resolve("runbooks"));
        assertThat(ConfigLoader.load(file).runbookDir()).isEqualTo(Optional.of(dir.resolve("runbooks")));
    }

    @Test
    void kubeconfigIsResolvedAgainstTheConfigFileAndMustBeAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lab/pitcrew.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, MINIMAL + "kubeconfig: kubeconfig\n");

        Problem p = firstProblemLoading(file);
        assertThat(p.line()).isEqualTo(5);
        assertThat(p.message()).isEqualTo("'kubeconfig' is not a file (resolved to " + dir.resolve("lab/kubeconfig") + ")");
        assertThat(p.fix()).contains("--kubeconfig");

        Files.writeString(dir.resolve("lab/kubeconfig"), "apiVersion: v1\nkind: Config\n");
        assertThat(ConfigLoader.load(file).kubeconfig()).contains(dir.resolve("lab/kubeconfig"));
        assertThat(ConfigLoader.parse("pitcrew.yaml", MINIMAL).kubeconfig()).isEmpty();
    }

    @Test
    void serveBlockSetsPollingAndTheTokensFileRelativeToTheConfig(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pitcrew.yaml");
        Files.writeString(file, MINIMAL + "serve:\n  probeInterval: 1s\n  poll: 2s\n  tokens: tokens.yaml\n");
        Serving serve = ConfigLoader.load(file).serve();
        assertThat(serve.probeInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(serve.poll()).isEqualTo(Duration.ofSeconds(2));
        assertThat(serve.liveness()).isEqualTo(Serving.defaults().liveness());
        assertThat(serve.tokens()).contains(dir.resolve("tokens.yaml"));

        Problem p = catchThrowableOfType(InvalidInputException.class, () -> ConfigLoader.parse("pitcrew.yaml",
                MINIMAL + "serve:\n  probeInterval: soon\n")).problems().getFirst();
        assertThat(p.path()).isEqualTo("serve.probeInterval");
        assertThat(p.fix()).contains("the default is 15s");
    }

    @Test
    void serverBlockNamesTheServeDoctorAsksAndWhereItsTokenIs(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pitcrew.yaml");
        Files.writeString(file, MINIMAL + "server:\n  url: http://127.0.0.1:8461/\n  tokenFile: serve-token\n  staleAfter: 30s\n");
        ServerRef server = ConfigLoader.load(file).server().orElseThrow();
        assertThat(server.url()).hasToString("http://127.0.0.1:8461");
        assertThat(server.token().file()).contains(dir.resolve("serve-token"));
        assertThat(server.staleAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(server.local()).isTrue();

        ServerRef behindProxy = ConfigLoader.parse("pitcrew.yaml", MINIMAL + "server:\n  url: https://ops.example.com/pitcrew\n  tokenEnv: OPS_TOKEN\n")
                .server().orElseThrow();
        assertThat(behindProxy.url()).hasToString("https://ops.example.com/pitcrew");
        assertThat(behindProxy.token().env()).contains("OPS_TOKEN");
        assertThat(behindProxy.staleAfter()).isEqualTo(ServerRef.STALE_AFTER);
        assertThat(behindProxy.local()).isFalse();
        assertThat(ConfigLoader.parse("pitcrew.yaml", MINIMAL).server()).isEmpty();
    }

    @Test
    void aServerBlockIsCheckedLineByLine() {
        List<Problem> ps = problems(MINIMAL + """
                server:
                  url: ftp://127.0.0.1:8461
                  tokenEnv: my token
                  tokenFile: serve-token
                  staleAfter: 2s
                  token: abc123
                """);
        assertThat(ps).extracting(p -> p.line() + " " + p.path() + ": " + p.message()).containsExactly(
                "6 server.url: 'ftp://127.0.0.1:8461' is not an http(s) URL",
                "7 server.tokenEnv: 'my token' is not an environment variable name",
                "7 server.tokenEnv: both tokenEnv and tokenFile are given",
                "9 server.staleAfter: must be from 10s to 1d, got 2s",
                "10 server.token: unknown key 'token'");
        assertThat(ps.get(1).fix()).contains("never put the token itself in the file");
        assertThat(ps.get(4).fix()).startsWith("did you mean 'tokenEnv'?");

        Problem password = single(MINIMAL + "server:\n  url: http://admin:hunter22@127.0.0.1:8461\n");
        assertThat(password.message()).contains("has a user or password in it").doesNotContain("hunter22");
        assertThat(single(MINIMAL + "server:\n  tokenFile: t\n").render()).contains("server.url: missing (required)");
        assertThat(single(MINIMAL + "server:\n  url: http://127.0.0.1:8461?token=x\n").message()).contains("has a query or fragment");
    }

    @Test
    void everyProblemIsReportedAtOnceInLineOrder() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> ConfigLoader.parse("pitcrew.yaml", """
                regions:
                  - name: us-east-2
                    role: controlplane
                    domain: ai.coder.com
                thresholds:
                  nodeCpuPercent: ninety
                  regionTimeout: 5
                runbok: ./runbook.d
                """));

        assertThat(e.problems()).extracting(Problem::line).containsExactly(3, 6, 7, 8);
        assertThat(e.getMessage()).isEqualTo("""
                pitcrew.yaml:3: regions[0].role: 'controlplane' is not a role
                    fix: did you mean control-plane? use control-plane (the region that runs coderd, LiteLLM and \
                the provisioners; us-east-2 in the runbook) or proxy (a workspace proxy region)
                pitcrew.yaml:6: thresholds.nodeCpuPercent: expected a number, got 'ninety'
                    fix: use a whole number from 1 to 100 (percent of a node's allocatable CPU); the default is 90
                pitcrew.yaml:7: thresholds.regionTimeout: '5' has no unit
                    fix: write a duration like 500ms, 90s, 5m, 4h, 1d or 1h30m; the default is 15s
                pitcrew.yaml:8: runbok: unknown key 'runbok'
                    fix: did you mean 'runbookDir'? valid keys here: regions, names, thresholds, runbookDir, kubeconfig, dns, mirror, health, coder, litellm, logPatterns, bounds, notifications, contacts, serve, server, workshops, workspace""");
    }

    @Test
    void yamlSyntaxErrorsCarryTheirLine() {
        Problem p = single("regions:\n  - name: [us-east-2\n    role: proxy\n");
        assertThat(p.line()).isPositive();
        assertThat(p.message()).startsWith("not valid YAML");
        assertThat(p.fix()).contains("YAML syntax");
    }

    @Test
    void missingFileSaysSo(@TempDir Path dir) {
        Problem p = firstProblemLoading(dir.resolve("pitcrew.yaml"));
        assertThat(p.message()).isEqualTo("file not found");
    }

    @Test
    void aLiteLLMBlockGivesTheProbeWithItsKeyFileResolvedNextToTheConfig(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pitcrew.yaml");
        Files.writeString(file, MINIMAL + "litellm:\n  url: https://litellm.ai.coder.com\n  keyFile: secrets/litellm-key\n");

        Probes.LiteLLM l = ConfigLoader.load(file).probes().litellm().orElseThrow();

        assertThat(l.url()).isEqualTo("https://litellm.ai.coder.com");
        assertThat(l.keyFile()).contains(dir.resolve("secrets/litellm-key"));
        assertThat(l.keyEnv()).isEmpty();
        assertThat(l.caFile()).isEmpty();
        assertThat(ConfigLoader.parse("pitcrew.yaml", MINIMAL).probes().litellm()).isEmpty();
    }

    @Test
    void aLiteLLMBlockIsCheckedLineByLine() {
        List<Problem> ps = problems(MINIMAL + """
                litellm:
                  url: litellm.ai.coder.com
                  keyEnv: sk-1234
                  caFile: no-such-ca.pem
                  keyfile: key
                """);
        assertThat(ps).extracting(p -> p.line() + " " + p.path()).containsExactly(
                "6 litellm.url", "7 litellm.keyEnv", "8 litellm.caFile", "9 litellm.keyfile");
        assertThat(ps.get(1).fix()).contains("never put the key itself in the file");
        assertThat(ps.get(3).fix()).startsWith("did you mean 'keyFile'?");
    }

    @Test
    void credentialSecretNamesMustBeSecretNames() {
        Problem p = single(MINIMAL + "names:\n  litellmCredentialSecrets: [litellm-aws-credentials, Bad_Name]\n");
        assertThat(p.line()).isEqualTo(6);
        assertThat(p.message()).isEqualTo("'Bad_Name' is not a valid secret name");
    }

    private static List<Problem> problems(String yaml) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> ConfigLoader.parse("pitcrew.yaml", yaml));
        assertThat(e).as("expected problems in:\n" + yaml).isNotNull();
        assertThat(e.problems()).allSatisfy(p -> {
            assertThat(p.source()).isEqualTo("pitcrew.yaml");
            assertThat(p.fix()).isNotBlank();
        });
        return e.problems();
    }

    private static Problem single(String yaml) {
        List<Problem> ps = problems(yaml);
        assertThat(ps).hasSize(1);
        return ps.getFirst();
    }

    /** The first problem {@link ConfigLoader#load} finds in {@code file} (whose paths it resolves against the file). */
    private static Problem firstProblemLoading(Path file) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> ConfigLoader.load(file));
        assertThat(e).as("expected problems in " + file).isNotNull();
        return e.problems().getFirst();
    }

    @Test
    void logPatternsOverrideTheDefaultsAndMatchCaseInsensitively(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pitcrew.yaml");
        Files.writeString(file, """
                regions:
                  - {name: east, context: east, role: control-plane, domain: coder.example.com}
                logPatterns:
                  terraformStateLock: "state blob is already locked"
                """);
        var patterns = ConfigLoader.load(file).logPatterns();
        assertThat(patterns.terraformStateLock().matcher("Error: State Blob Is Already Locked").find()).isTrue();
        assertThat(patterns.awsDenied().matcher("api error AccessDenied: not allowed").find()).isTrue();
    }

    @Test
    void aLogPatternThatDoesNotCompileIsReportedAtItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pitcrew.yaml");
        Files.writeString(file, """
                regions:
                  - {name: east, context: east, role: control-plane, domain: coder.example.com}
                logPatterns:
                  awsDenied: "AccessDenied|(unclosed"
                """);
        Problem p = firstProblemLoading(file);
        assertThat(p.line()).isEqualTo(4);
        assertThat(p.message()).startsWith("not a regular expression: Unclosed group");
        assertThat(p.fix()).contains("remove awsDenied to use the default");
    }
}
