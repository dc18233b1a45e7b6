// Time to detect for `pitcrew serve`: from the moment a lab scenario starts writing its fault into the lab's API
// servers to the `new` finding event on serve's SSE stream, over many injections, in one JVM (lab, serve and the
// SSE client side by side on loopback). Run by bench/time-to-detect.sh with target/pitcrew.jar on the class path.
// Usage: java -cp target/pitcrew.jar bench/TimeToDetect.java INJECTIONS SCENARIO...
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.lab.Lab;
import io.pitcrew.server.Serve;
import io.pitcrew.server.ServeSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

public class TimeToDetect {

    record Event(long nanos, String change, String id) {}

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        int injections = Integer.parseInt(args[0]);
        List<String> scenarios = List.of(args).subList(1, args.length);
        Map<String, String> expected = Map.ofEntries(
                Map.entry("storage-exhaustion", "workspace-restarts/ephemeral-storage-exhaustion/"),
                Map.entry("node-pressure", "workspace-restarts/resource-contention/"),
                Map.entry("node-capacity", "resource-contention/insufficient-node-capacity/"),
                Map.entry("too-many-workspaces", "resource-contention/too-many-workspaces/"),
                Map.entry("karpenter-stuck", "resource-contention/karpenter-not-scaling/"),
                Map.entry("image-mismatch", "subdomain-routing/image-version-mismatch/"),
                Map.entry("lb-pending", "subdomain-routing/load-balancer-not-ready/"),
                Map.entry("pull-auth-expired", "image-pull/registry-auth/"),
                Map.entry("image-missing", "image-pull/image-missing/"),
                Map.entry("registry-rate-limited", "image-pull/registry-rate-limited/"),
                Map.entry("provisioner-oom", "provisioner-failures/provisioner-resource-limits/"),
                Map.entry("iam-role-missing", "provisioner-failures/iam-role/"),
                Map.entry("region-down", "region-unreachable/connection-refused/"));
        var dir = Files.createTempDirectory("ttd");
        String token = "bench-" + System.nanoTime();
        try (Lab lab = Lab.start(dir, "healthy", 24)) {
            var config = ConfigLoader.load(lab.config());
            // the defaults of `pitcrew serve`, but a short grace so that each reset resolves quickly
            ServeSettings settings = new ServeSettings("127.0.0.1", 0, Duration.ofMillis(200), Duration.ofMillis(300),
                    Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(15));
            try (var store = io.pitcrew.store.Store.open(dir.resolve("pitcrew.db"));
                 Serve serve = Serve.open(config, Kubeconfig.read(lab.kubeconfig()), Doctor.loadRunbook(Optional.empty()), settings, token, store).watch()) {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + serve.port();
                while (http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() != 200) {
                    Thread.sleep(100);
                }
                LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
                var response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/stream")).header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofInputStream());
                JsonMapper json = JsonMapper.builder().build();
                Thread.ofVirtual().start(() -> {
                    try (var reader = new BufferedReader(new InputStreamReader(response.body()))) {
                        String event = null;
                        for (String line; (line = reader.readLine()) != null; ) {
                            long now = System.nanoTime();
                            if (line.startsWith("event:")) event = line.substring(6).strip();
                            else if (line.startsWith("data:") && "finding".equals(event)) {
                                JsonNode d = json.readTree(line.substring(5).strip());
                                events.add(new Event(now, d.path("change").asString(), d.path("finding").path("id").asString()));
                            }
                        }
                    } catch (Exception e) {
                        // ends with the benchmark
                    }
                });
                Map<String, List<Double>> byScenario = new LinkedHashMap<>();
                List<Double> all = new ArrayList<>();
                int missed = 0;
                for (int i = 0; i < injections; i++) {
                    String scenario = scenarios.get(i % scenarios.size());
                    String prefix = expected.get(scenario);
                    events.clear();
                    long written = System.nanoTime();
                    lab.inject(scenario);
                    Double ms = null;
                    long deadline = written + TimeUnit.SECONDS.toNanos(30);
                    while (System.nanoTime() < deadline) {
                        Event e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                        if (e != null && e.change().equals("new") && e.id().startsWith(prefix)) {
                            ms = (e.nanos() - written) / 1e6;
                            break;
                        }
                    }
                    if (ms == null) missed++;
                    else {
                        all.add(ms);
                        byScenario.computeIfAbsent(scenario, k -> new ArrayList<>()).add(ms);
                    }
                    lab.reset();
                    // next injection only once everything is resolved again
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (System.nanoTime() < until && active(http, base, token, json) > 0) Thread.sleep(50);
                }
                System.out.printf("injections=%d detected=%d missed=%d p50=%.0f p99=%.0f max=%.0f%n", injections, all.size(), missed,
                        pct(all, 50), pct(all, 99), pct(all, 100));
                // by how the fault reaches serve: a watch event, or a poll (metrics.k8s.io) / the liveness request
                Set<String> polled = Set.of("too-many-workspaces", "region-down");
                for (boolean watch : List.of(true, false)) {
                    List<Double> v = byScenario.entrySet().stream().filter(e -> polled.contains(e.getKey()) != watch)
                            .flatMap(e -> e.getValue().stream()).toList();
                    System.out.printf("path=%s n=%d p50=%.0f p99=%.0f max=%.0f%n", watch ? "watch" : "poll-or-liveness", v.size(),
                            pct(v, 50), pct(v, 99), pct(v, 100));
                }
                byScenario.forEach((s, v) -> System.out.printf("scenario=%s n=%d p50=%.0f p99=%.0f max=%.0f%n", s, v.size(), pct(v, 50), pct(v, 99), pct(v, 100)));
            }
        }
    }

    private static int active(HttpClient http, String base, String token, JsonMapper json) throws Exception {
        var body = http.send(HttpRequest.newBuilder(URI.create(base + "/api/findings")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        int n = 0;
        for (JsonNode f : json.readTree(body).path("findings")) if (!f.path("state").asString().equals("resolved")) n++;
        return n;
    }

    private static double pct(List<Double> values, int p) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
