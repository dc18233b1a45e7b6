package io.pitcrew.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.pitcrew.cli.Pitcrew;
import io.pitcrew.cli.SameDiagnosis;
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.lab.ApiAccess;
import io.pitcrew.lab.Lab;
import io.pitcrew.lab.Scenario;
import io.pitcrew.lab.Scenarios;
import io.pitcrew.server.QuickServe;
import io.pitcrew.server.Serve;
import io.pitcrew.store.Store;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The chart's read-only ClusterRole is exactly what doctor and serve read. On a lab that enforces RBAC, with the
 * chart's RBAC created in every region, doctor and serve run as the chart's ServiceAccount through every lab scenario:
 * each diagnoses what doctor with full access diagnoses (serve's diagnosis compared on one scenario of each incident
 * type, {@link #servedFor}), the API servers refuse them nothing, and every rule of the role is used. So a check that starts reading another kind fails here until the chart's role lists it, and a rule
 * nothing uses any more fails here until it is removed.
 */
class LeastPrivilegeTest {

    static final String SERVE_TOKEN = "least-privilege-test-token-9d1e7c";
    static final String SERVICE_ACCOUNT = "system:serviceaccount:pitcrew:pitcrew";

    @TempDir
    static Path dir;
    static Lab lab;
    static ClusterRole role;
    static Path readOnly;
    static Store store;
    static Serve serve;
    static Path serveToken;

    @BeforeAll
    static void start() throws Exception {
        lab = Lab.start(dir.resolve("lab"), "healthy", 4);
        lab.enforceRbac();
        // what `kubectl apply -f deploy/manifests/pitcrew-region.yaml` (the chart with serve.enabled=false) makes in each
        // region: the ServiceAccount, the role, its binding. The file, not Helm, so this test runs in the default JVM: in
        // the chart tests' JVM, after Helm's Go runtime had run, CI twice saw this serve miss a stopped region for a
        // minute, which no other JVM ever showed (see pom.xml). RenderedManifestsTest holds the file to what Helm renders.
        List<HasMetadata> rbac = Manifests.read("pitcrew-region.yaml");
        role = Manifests.one(rbac, ClusterRole.class);
        LabAdmin.createEverywhere(lab, rbac);
        readOnly = lab.kubeconfigWithToken("read-only.kubeconfig", lab.serviceAccountToken("pitcrew", "pitcrew"));
        serveToken = Files.writeString(dir.resolve("serve-token"), SERVE_TOKEN + "\n");
        store = Store.open(dir.resolve("serve.db"));
        serve = Serve.open(ConfigLoader.load(lab.config()), Kubeconfig.read(readOnly), Doctor.loadRunbook(Optional.empty()),
                QuickServe.settings(), SERVE_TOKEN, store).watch();
        await().atMost(Duration.ofSeconds(60)).until(() -> served().exit() != 3);
    }

    @AfterAll
    static void stop() {
        if (serve != null) serve.close();
        if (store != null) store.close();
        if (lab != null) lab.close();
    }

    @Test
    void everyScenarioUnderTheReadOnlyRoleIsDiagnosedAsWithFullAccess() {
        List<String> differ = new ArrayList<>();
        Set<String> servedFor = servedFor();
        for (String scenario : Scenarios.names()) {
            lab.reset();
            if (!scenario.equals("healthy")) lab.inject(scenario);
            Instant injected = Instant.now();
            // side by side: two processes' worth of doctor, each with its own clients
            var fullRun = CompletableFuture.supplyAsync(() -> doctor("--config", lab.config().toString()));
            Run restricted = doctor("--config", lab.config().toString(), "--kubeconfig", readOnly.toString());
            Run full = fullRun.join();
            try {
                assertThat(restricted.exit()).as("doctor's exit").isEqualTo(full.exit());
                SameDiagnosis.assertSame("json", full.out(), restricted.out());
                // serve read pitcrew.yaml once, at its start: a scenario that schedules a workshop there (rotation-due,
                // workshop-over, ...) changes what doctor reads, not what this serve knows. Its reads are doctor's.
                if (!ConfigLoader.load(lab.config()).workshops().windows().isEmpty() || !servedFor.contains(scenario)) continue;
                // the lab stands still; serve's polls and probes (every 2 s) have all asked again since the injection,
                // and a region's outage shows once its liveness request fails (at most the region's timeout on a busy machine)
                Run warm = servedLike(full, injected.plusSeconds(3));
                assertThat(warm.exit()).as("serve's exit").isEqualTo(full.exit());
                SameDiagnosis.assertSame("json", full.out(), warm.out());
            } catch (AssertionError e) {
                differ.add(scenario + ": " + e.getMessage());
            }
        }
        assertThat(differ).as("scenarios diagnosed otherwise under the read-only role").isEmpty();

        List<ApiAccess> refused = accesses().stream().filter(a -> !a.allowed()).toList();
        assertThat(refused).as("requests of doctor and serve the role refused").isEmpty();

        Set<String> used = new TreeSet<>();
        accesses().stream().filter(ApiAccess::resourceRequest).forEach(a -> used.add(a.group() + "/" + a.resource() + ":" + a.verb()));
        assertThat(used).as("what doctor and serve did, against what the role allows").isEqualTo(granted(role));
    }

    @Test
    void aRoleWithoutARuleTheCodeNeedsChangesTheDiagnosis() {
        // the chart's role without secrets, as if a check had started reading them after the role was written
        ClusterRole narrow = new ClusterRoleBuilder(role).editMetadata().withName("pitcrew-narrow").withLabels(null).endMetadata()
                .withRules(role.getRules().stream().map(r -> new PolicyRuleBuilder(r)
                        .withResources(r.getResources().stream().filter(x -> !x.equals("secrets")).toList()).build()).toList()).build();
        ClusterRoleBinding binding = new ClusterRoleBindingBuilder().withNewMetadata().withName("pitcrew-narrow").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "pitcrew-narrow")
                .addNewSubject().withKind("ServiceAccount").withName("narrow").withNamespace("pitcrew").endSubject().build();
        LabAdmin.createEverywhere(lab, List.of(narrow, binding));
        Path kubeconfig = lab.kubeconfigWithToken("narrow.kubeconfig", lab.serviceAccountToken("pitcrew", "narrow"));
        lab.reset();
        lab.inject("pull-auth-expired");

        Run full = doctor("--config", lab.config().toString());
        Run restricted = doctor("--config", lab.config().toString(), "--kubeconfig", kubeconfig.toString());

        assertThatThrownBy(() -> SameDiagnosis.assertSame("json", full.out(), restricted.out())).isInstanceOf(AssertionError.class);
        assertThat(restricted.out()).contains("secrets is forbidden: User \\\"system:serviceaccount:pitcrew:narrow\\\" cannot list resource \\\"secrets\\\"");
        assertThat(lab.accessLog("us-east-2")).anyMatch(a -> a.user().equals("system:serviceaccount:pitcrew:narrow") && !a.allowed()
                && a.resource().equals("secrets") && a.verb().equals("list"));
    }

    /** GROUP/RESOURCE:VERB for every resource rule of a role. */
    static Set<String> granted(ClusterRole role) {
        Set<String> out = new TreeSet<>();
        role.getRules().forEach(r -> r.getApiGroups().forEach(g -> r.getResources().forEach(res -> r.getVerbs().forEach(v ->
                out.add(g + "/" + res + ":" + v)))));
        return out;
    }

    private static List<ApiAccess> accesses() {
        List<ApiAccess> out = new ArrayList<>();
        lab.ports().keySet().forEach(region -> lab.accessLog(region).stream().filter(a -> a.user().equals(SERVICE_ACCOUNT)).forEach(out::add));
        return out;
    }

    private static List<String> findings(String json) {
        List<String> out = new ArrayList<>();
        JsonMapper.builder().build().readTree(json).path("findings").forEach(f ->
                out.add(f.path("incidentType").asString() + "/" + f.path("cause").asString()));
        return out;
    }

    record Run(int exit, String out, String err) {}

    static Run doctor(String... args) {
        List<String> all = new ArrayList<>(List.of("doctor", "-o", "json"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Pitcrew.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /** serve's diagnosis, through doctor's warm path. */
    static Run served() {
        return doctor("--config", lab.config().toString(), "--server", "http://127.0.0.1:" + serve.port(),
                "--token-file", serveToken.toString(), "--server-only");
    }

    /**
     * The scenarios whose diagnosis serve's is compared on: the healthy lab and one of each incident type, unless
     * {@code -Dpitcrew.rbac=all}. serve keeps watching through every scenario, so its requests are all checked against
     * the role either way; a comparison costs its polls' 3 s, some two minutes over every scenario.
     */
    private static Set<String> servedFor() {
        if ("all".equals(System.getProperty("pitcrew.rbac"))) return new TreeSet<>(Scenarios.names());
        Map<String, String> firstOfEachType = new LinkedHashMap<>();
        firstOfEachType.put("", "healthy");
        for (Scenario scenario : Scenarios.ALL) {
            if (scenario.expectedIncidentType() != null) firstOfEachType.putIfAbsent(scenario.expectedIncidentType(), scenario.name());
        }
        return new TreeSet<>(firstOfEachType.values());
    }

    /**
     * serve's diagnosis once it has evaluated what it watched after {@code after} and says what {@code full} says, or
     * its last one after a minute: serve converges on the same diagnosis, and the caller's comparison shows where not.
     */
    static Run servedLike(Run full, Instant after) {
        Run[] last = new Run[1];
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                last[0] = served();
                return last[0].exit() != 3 && Instant.parse(JsonMapper.builder().build().readTree(last[0].out())
                        .path("observedAt").asString()).isAfter(after) && last[0].exit() == full.exit() && same(full, last[0]);
            });
        } catch (ConditionTimeoutException e) {
            // compared again by the caller, which says what differs
        }
        return last[0];
    }

    private static boolean same(Run a, Run b) {
        try {
            SameDiagnosis.assertSame("json", a.out(), b.out());
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }
}
