package io.pitcrew.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pitcrew.cli.Pitcrew;
import io.pitcrew.lab.Lab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.pitcrew.deploy.Chart.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each {@code pitcrew fix} action, as the chart's ServiceAccount on a lab that enforces RBAC: with the read-only
 * ClusterRole alone the API server refuses it (and pitcrew says which permission is missing); with the chart's fix
 * Role for that action alone, in the namespaces the chart's defaults give it, it is applied and verified.
 */
@Tag("chart")
class FixPermissionsTest {

    /** The lab's mirror is not on ECR; for refresh-pull-secret the ECR registry's token comes from this file. */
    static final String ECR = "614871946825.dkr.ecr.us-east-2.amazonaws.com";

    @TempDir
    static Path dir;
    static Lab lab;
    static Path serviceAccount;
    static Path ecrConfig;

    /** An action, the lab scenario it has work in, and its options. */
    record Case(String action, String scenario, List<String> options) {
        @Override
        public String toString() { return action; }
    }

    static Stream<Case> actions() {
        return Stream.of(
                new Case("pause-key-rotation", "healthy", List.of("--for", "4h")),
                new Case("resume-key-rotation", "healthy", List.of()),
                new Case("scale-litellm", "healthy", List.of()),
                new Case("restart-litellm", "healthy", List.of()),
                new Case("update-litellm-credentials", "litellm-credentials-expired", List.of("--from-stdin")),
                new Case("scale-provisioners", "healthy", List.of()),
                new Case("raise-provisioner-limits", "healthy", List.of()),
                new Case("restart-coder", "healthy", List.of()),
                new Case("sync-mirror", "mirror-stale", List.of()),
                new Case("refresh-pull-secret", "pull-auth-expired", List.of("--region", "us-east-2", "-n", "coder-workspaces")),
                new Case("delete-workspace-pod", "healthy", List.of("--region", "us-east-2")));
    }

    @BeforeAll
    static void start() throws Exception {
        lab = Lab.start(dir.resolve("lab"), "healthy", 2);
        lab.enforceRbac();
        LabAdmin.createEverywhere(lab, Chart.render(values("serve.enabled", false)));
        serviceAccount = lab.kubeconfigWithToken("pitcrew.kubeconfig", lab.serviceAccountToken("pitcrew", "pitcrew"));
        Files.writeString(lab.dir().resolve("ecr-token"), "fresh-ecr-token-5150\n");
        ecrConfig = Files.writeString(lab.dir().resolve("ecr.yaml"), Files.readString(lab.config())
                .replaceAll("(?m)^  image: .*$", "  image: " + ECR + "/coder-preview:latest")
                .replaceAll("(?m)^  passwordFile: .*$", "  passwordFile: ecr-token"));
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void refusedWithoutItsRoleAppliedWithIt(Case c) throws Exception {
        lab.reset();
        if (!c.scenario().equals("healthy")) lab.inject(c.scenario());
        if (c.action().equals("resume-key-rotation")) {
            assertThat(fix(lab.kubeconfig(), "pause-key-rotation", List.of("--for", "4h")).exit()).as("paused by an administrator").isZero();
        }
        List<String> options = new ArrayList<>(c.options());
        if (c.action().equals("delete-workspace-pod")) options.addAll(List.of("--pod", aWorkspacePod()));

        Run refused = fix(serviceAccount, c.action(), options);
        assertThat(refused.exit()).as(refused.all()).isEqualTo(4);
        assertThat(refused.all()).contains("forbidden: pitcrew needs permission to").contains("kubectl auth can-i");

        List<HasMetadata> roles = fixRoles(c.action());
        LabAdmin.createEverywhere(lab, roles);
        try {
            Run applied = fix(serviceAccount, c.action(), options);
            assertThat(applied.exit()).as(applied.all()).isZero();
            assertThat(applied.out()).contains("applied and verified");
        } finally {
            for (String region : lab.ports().keySet()) {
                try (KubernetesClient admin = LabAdmin.client(lab, region)) {
                    roles.forEach(r -> admin.resource(r).delete());
                }
            }
        }
    }

    /** The chart's fix Roles and RoleBindings for this one action, in the namespaces its defaults list it for. */
    static List<HasMetadata> fixRoles(String action) throws Exception {
        JsonNode defaults = YAMLMapper.builder().build().readTree(Files.readString(Chart.DIR.resolve("values.yaml")))
                .path("rbac").path("fix").path("namespaces");
        List<String> namespaces = new ArrayList<>();
        defaults.properties().forEach(e -> {
            for (JsonNode a : e.getValue()) if (a.asString().equals(action)) namespaces.add(e.getKey());
        });
        assertThat(namespaces).as("the chart's defaults give " + action + " a namespace").isNotEmpty();
        // a values file's map is merged into the defaults' map, so the other namespaces are emptied by name
        StringBuilder yaml = new StringBuilder("rbac:\n  fix:\n    namespaces:\n");
        defaults.propertyNames().forEach(ns -> yaml.append("      ").append(ns)
                .append(namespaces.contains(ns) ? ": [" + action + "]\n" : ": []\n"));
        Path file = Files.writeString(dir.resolve(action + ".yaml"), yaml);
        return Manifests.objects(Chart.template(file, values("serve.enabled", false, "rbac.create", false,
                "serviceAccount.create", false, "serviceAccount.name", "pitcrew", "rbac.fix.enabled", true)));
    }

    private static String aWorkspacePod() {
        try (KubernetesClient admin = LabAdmin.client(lab, "us-east-2")) {
            return admin.pods().inNamespace("coder-workspaces").withLabel("app.kubernetes.io/name", "coder-workspace").list()
                    .getItems().getFirst().getMetadata().getName();
        }
    }

    record Run(int exit, String out, String err) {
        String all() { return out + err; }
    }

    private static Run fix(Path kubeconfig, String action, List<String> options) {
        List<String> args = new ArrayList<>(List.of("fix", action, "--yes", "--wait", "20s", "--kubeconfig", kubeconfig.toString(),
                "--config", (action.equals("refresh-pull-secret") ? ecrConfig : lab.config()).toString(),
                "--db", dir.resolve("pitcrew.db").toString()));
        args.addAll(options);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream stdin = System.in;
        // update-litellm-credentials --from-stdin: the new values, never on the command line
        System.setIn(new ByteArrayInputStream("AWS_SECRET_ACCESS_KEY=rotated-by-fix-permissions-test\n".getBytes(StandardCharsets.UTF_8)));
        try {
            var cli = Pitcrew.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int exit = cli.execute(args.toArray(String[]::new));
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.setIn(stdin);
        }
    }
}
