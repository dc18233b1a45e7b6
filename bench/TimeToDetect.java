// Time to detect for `pitcrew serve`: from the moment a lab scenario starts writing its fault into the lab's API
// servers to the `new` finding event on serve's SSE stream, over many injections, in one JVM (lab, serve and the
// SSE client side by side on loopback). Run by bench/time-to-detect.sh with target/pitcrew-lab.jar (which names pitcrew.jar) on the class path.
// Usage: java -cp target/pitcrew-lab.jar bench/TimeToDetect.java INJECTIONS SCENARIO...
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.lab.Lab;
import io.pitcrew.lab.Scenario;
import io.pitcrew.lab.Scenarios;
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
        List<String> scenarios = List.of(args).subList(1, args.length);   // none: every lab scenario
        // each scenario's finding id starts with its incident type and cause (ids are type/cause/regions)
        Map<String, String> expected = new LinkedHashMap<>();
        for (Scenario sc : Scenarios.ALL) {
            if (sc.expectedIncidentType() != null) expected.put(sc.name(), sc.expectedIncidentType() + "/" + sc.expectedCause() + "/");
        }
        if (scenarios.isEmpty()) scenarios = List.copyOf(expected.keySet());
        for (String sc : scenarios) if (!expected.containsKey(sc)) throw new IllegalArgumentException("no scenario " + sc);
        var dir = Files.createTempDirectory("ttd");
        String token = "bench-" + System.nanoTime();
        try (Lab lab = Lab.start(dir, "healthy", 24)) {
            var config = ConfigLoader.load(lab.config());
            // as `pitcrew serve --config lab/pitcrew.yaml` runs: its defaults and the lab's serve: block (probes and
            // polls every second), but a short grace so that each reset resolves quickly
            var serving = config.serve();
            ServeSettings settings = new ServeSettings("127.0.0.1", 0, Duration.ofMillis(200), Duration.ofMillis(300),
                    Duration.ofSeconds(60), Duration.ofHours(1), serving.liveness(), serving.poll(), serving.probeInterval(), Duration.ofSeconds(15));
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
                // by how the fault reaches serve: a watch event, or a poll (metrics, log tails), a probe or the liveness request
                Set<String> polled = Set.of("too-many-workspaces", "region-down", "dns-misroute", "mirror-stale", "health-failing",
                        "proxy-unhealthy", "provisioner-shortage", "provisioner-offline", "builds-stuck", "litellm-key-rotation",
                        "litellm-rate-limited", "litellm-outage", "litellm-capacity", "litellm-credentials-expired",
                        "terraform-lock", "iam-role-missing");
                for (boolean watch : List.of(true, false)) {
                    List<Double> v = byScenario.entrySet().stream().filter(e -> polled.contains(e.getKey()) != watch)
                            .flatMap(e -> e.getValue().stream()).toList();
                    System.out.printf("path=%s n=%d p50=%.0f p99=%.0f max=%.0f%n", watch ? "watch" : "poll-probe-or-liveness", v.size(),
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
