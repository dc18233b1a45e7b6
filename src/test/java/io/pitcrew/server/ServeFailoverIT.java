package io.pitcrew.server;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pitcrew.incident.AnnouncedFindings;
import io.pitcrew.incident.Declaration;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import io.pitcrew.notify.FakeService;
import io.pitcrew.runbook.Severity;
import io.pitcrew.server.detection.LeaseLeadership;
import io.pitcrew.store.Store;
import io.pitcrew.store.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two {@code pitcrew serve} processes on one PostgreSQL store against the lab, electing their leader with a Lease in
 * the control-plane region: the leader announces a fault; it is killed with SIGKILL, and a second fault begins while
 * nobody leads; the other replica takes the Lease once it lapses, announces the second fault and not the first
 * again, and both resolutions once the lab is healthy again; stopped (SIGTERM) it gives the Lease up. Every finding
 * reaches Slack (the notify tests' wire-format fake) once per transition, and the incident's timeline holds each line
 * once.
 */
class ServeFailoverIT {

    static final String TOKEN = "failover-test-token-0123456789abcdef";
    static final String LEASE = "pitcrew/pitcrew-serve";
    static final String FIRST = "workspace-restarts/ephemeral-storage-exhaustion/us-west-2";
    static final String SECOND = "image-pull/registry-auth/us-east-2";
    static final JsonMapper JSON = JsonMapper.builder().build();
    // bounds, not measures: a lab, two serves and PostgreSQL share two cores
    static final Duration PATIENCE = Duration.ofSeconds(90);

    @RegisterExtension
    final TestPostgres pg = new TestPostgres();

    @TempDir
    Path dir;
    Lab lab;
    FakeService slack;
    final List<Process> processes = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void tearDown() throws IOException {
        processes.forEach(Process::destroyForcibly);
        // what each replica said (leading, no longer, who leads), into the test's output for whoever reads a failure
        for (String name : List.of("replica-a", "replica-b")) {
            Path log = dir.resolve(name + ".log");
            if (Files.exists(log)) System.out.println("--- " + name + "\n" + Files.readString(log));
        }
        if (slack != null) slack.close();
        if (lab != null) lab.close();
    }

    @Test
    void theOtherReplicaTakesOverAndEveryFindingIsAnnouncedOnce() throws Exception {
        lab = Lab.start(LabKit.dir(dir), "healthy", 4);
        slack = FakeService.slack();
        Path config = Files.writeString(lab.dir().resolve("failover.yaml"), Files.readString(lab.config())
                + "notifications:\n  slack:\n    webhookUrlEnv: PITCREW_SLACK_WEBHOOK\n");
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Incident incident;
        try (Store store = Store.open(pg.url())) {
            // the incident a responder declared for the faults, in the store both replicas share
            incident = new Incidents(store, Clock.systemUTC()).declare(new Declaration("Workspaces failing", Severity.P1, "",
                    Optional.empty(), Optional.empty(), List.of("us-east-2", "us-west-2"), List.of(
                    new LinkedFinding("workspace-restarts", "ephemeral-storage-exhaustion", "P1", List.of("us-west-2"), ""),
                    new LinkedFinding("image-pull", "registry-auth", "P1", List.of("us-east-2"), "")), Optional.empty()), "alice");
        }

        Replica a = start("replica-a", config, token);
        await().atMost(PATIENCE).until(() -> a.ready() && a.leads());
        Replica b = start("replica-b", config, token);
        await().atMost(PATIENCE).until(b::ready);
        assertThat(b.leads()).isFalse();

        lab.inject("storage-exhaustion");
        await().atMost(PATIENCE).until(() -> posted().contains("new " + FIRST));

        // a renews every 2 s: this is at most one renewal before its last
        ZonedDateTime renewedBeforeKill = lease().getSpec().getRenewTime();
        a.process().destroyForcibly(); // SIGKILL: no shutdown hook, the Lease is left to lapse
        assertThat(a.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        lab.inject("pull-auth-expired");

        await().atMost(PATIENCE).until(b::leads);
        Lease taken = lease();
        assertThat(taken.getSpec().getHolderIdentity()).startsWith("replica-b-");
        LeaseLeadership.Timing t = LeaseLeadership.Timing.DEFAULT;
        // it lapsed 15 s after a's last renewal (at most one after the one read); b tries every 2-4.4 s
        assertThat(Duration.between(renewedBeforeKill, taken.getSpec().getAcquireTime()))
                .isLessThanOrEqualTo(t.lease().plus(t.retry()).plus(t.retry().multipliedBy(22).dividedBy(10)).plusSeconds(3));
        await().atMost(PATIENCE).until(() -> posted().contains("new " + SECOND));

        lab.reset();
        await().atMost(PATIENCE).until(() -> posted().containsAll(List.of("resolved " + FIRST, "resolved " + SECOND)));

        b.process().destroy(); // SIGTERM: serve stops and gives the Lease up
        assertThat(b.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lease().getSpec().getHolderIdentity()).as("given up on the way out").isNullOrEmpty();

        Map<String, Integer> times = new TreeMap<>();
        posted().forEach(p -> times.merge(p, 1, Integer::sum));
        assertThat(times).as("what Slack was sent, and how often").containsEntry("new " + FIRST, 1).containsEntry("new " + SECOND, 1)
                .containsEntry("resolved " + FIRST, 1).containsEntry("resolved " + SECOND, 1);
        assertThat(times.values()).as("every finding announced once per transition: " + times).containsOnly(1);
        try (Store store = Store.open(pg.url())) {
            List<String> lines = new Incidents(store, Clock.systemUTC()).timeline(incident.number()).stream()
                    .filter(e -> e.kind() == TimelineEntry.Kind.FINDING && e.actor().equals(AnnouncedFindings.ACTOR))
                    .map(e -> e.text().startsWith("new finding ") ? "new " + e.text().substring(12).split(" ")[0]
                            : "resolved " + e.text().substring(17).split(":")[0]).toList();
            assertThat(lines).as("the incident's timeline").hasSize(4).startsWith("new " + FIRST, "new " + SECOND)
                    .containsExactlyInAnyOrder("new " + FIRST, "new " + SECOND, "resolved " + FIRST, "resolved " + SECOND);
            assertThat(new AnnouncedFindings(store, Clock.systemUTC(), "test").unannounced()).isEmpty();
        }
    }

    /** A serve process and its HTTP port. */
    record Replica(Process process, int port, HttpClient http) {
        boolean ready() {
            return status("/readyz") == 200;
        }

        boolean leads() throws Exception {
            return get("/metrics").lines().anyMatch(l -> l.equals("pitcrew_leader 1"));
        }

        private int status(String path) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }

        private String get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    /** {@code pitcrew serve --lease} in a JVM of its own, as {@code name} (its pod's name). */
    private Replica start(String name, Path config, Path token) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.pitcrew.cli.Pitcrew", "serve", "--config", config.toString(), "--kubeconfig", lab.kubeconfig().toString(),
                "--db", pg.url(), "--port", String.valueOf(port), "--token-file", token.toString(), "--lease", LEASE,
                "--resolve-grace", "2s")
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("HOSTNAME", name);
        pb.environment().put("HOME", Files.createDirectories(dir.resolve(name)).toString());
        pb.environment().put("PITCREW_SLACK_WEBHOOK", slack.url() + "/services/T0001/B0001/failover-webhook-secret");
        Process p = pb.start();
        processes.add(p);
        return new Replica(p, port, http);
    }

    private Lease lease() {
        try (KubernetesClient admin = LabKit.client(lab, "us-east-2")) {
            return admin.leases().inNamespace("pitcrew").withName("pitcrew-serve").get();
        }
    }

    /** What Slack was sent, in order: {@code new ID} or {@code resolved ID}. */
    private List<String> posted() {
        return slack.received().stream().map(r -> {
            JsonNode m = JSON.readTree(r.body());
            String blocks = m.path("blocks").toString();
            String id = List.of(FIRST, SECOND).stream().filter(blocks::contains).findFirst().orElse(blocks);
            return (m.path("text").asString().contains(" new finding: ") ? "new " : "resolved ") + id;
        }).toList();
    }
}
