package io.pitcrew.server;

import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import io.pitcrew.server.access.Tokens;
import io.pitcrew.server.http.StreamCaps;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * bench/serve-load.sh in small, in every test run: the same load driver ({@code bench/ServeLoad.java}, its own JVM)
 * against serve in this process and a lab — 200 status-page viewers and 10 logged-in dashboards through four
 * transitions (a fault injected, reset, twice; the second time with 20 clients that never read), then 1,000 requests
 * with wrong tokens. Every client must see every transition, no answer may be a 5xx, the burst must be refused (401,
 * then 429) while the good token from another address is answered. The driver waits up to 30 s for a transition to
 * reach every client, so only a fan-out that loses events fails it, not a slow machine.
 */
class ServeLoadSmokeTest {

    private static final String TOKEN = "load-smoke-token-0123456789";

    @TempDir
    static Path dir;
    static Lab lab;
    static Store store;
    static Serve serve;

    @BeforeAll
    static void start() {
        lab = Lab.start(dir.resolve("lab"), "healthy", 4);
        store = Store.open(dir.resolve("pitcrew.db"));
        // 230 streams, from 127.0.1.x-127.0.3.x at most 50 an address: the total cap is raised as the bench does, the
        // per-address cap is the shipped one; a 300 ms resolve grace so each reset shows quickly, as the bench runs
        ServeSettings quick = QuickServe.settings();
        ServeSettings settings = new ServeSettings(quick.bind(), 0, quick.debounce(), Duration.ofMillis(300), quick.newFor(),
                quick.keepResolved(), quick.liveness(), quick.pollInterval(), quick.probeInterval(), quick.heartbeat(),
                new StreamCaps(StreamCaps.DEFAULT_PER_CLIENT, 500));
        serve = LabKit.serve(lab, settings, Tokens.operator(TOKEN), store);
        serve.watch();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port() + "/readyz")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (serve != null) serve.close();
        if (store != null) store.close();
        if (lab != null) lab.close();
    }

    @Test
    void everyClientGetsEveryTransitionAndTheBadTokenBurstIsRefused() throws Exception {
        Path driver = Path.of("bench/ServeLoad.java");
        assertThat(driver).as("the load driver, run from the repository root").exists();
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, driver.toString(), "--base", "http://127.0.0.1:" + serve.port(), "--lab-dir", lab.dir().toString(),
                "--token-file", tokenFile.toString(), "--viewers", "200", "--dashboards", "10", "--slow", "20", "--seconds", "8",
                "--period", "4", "--patience", "30", "--burst", "1000")
                .redirectOutput(dir.resolve("driver.out").toFile()).redirectError(dir.resolve("driver.err").toFile()).start();
        boolean done = p.waitFor(3, TimeUnit.MINUTES);
        if (!done) p.destroyForcibly();
        String out = Files.readString(dir.resolve("driver.out"));
        String err = Files.readString(dir.resolve("driver.err"));
        assertThat(done).as("the driver ended; its stderr:\n" + err).isTrue();
        assertThat(out).as("the driver's figures; its stderr:\n" + err).contains("result=");
        List<Map<String, String>> phases = lines(out, "phase=");
        assertThat(phases).as(out).hasSize(4);   // both streams, without and with the clients that never read
        for (Map<String, String> phase : phases) {
            assertThat(phase.get("transitions")).as(phase.toString()).isEqualTo("2");
            assertThat(phase.get("missed")).as(phase.toString()).isEqualTo("0");
            assertThat(Integer.parseInt(phase.get("received"))).as(phase.toString()).isEqualTo(2 * Integer.parseInt(phase.get("clients")));
        }
        Map<String, String> streams = lines(out, "streams ").getFirst();
        assertThat(streams).containsEntry("connected", "210").containsEntry("ended", "0").containsEntry("status_5xx", "0");
        Map<String, String> burst = lines(out, "burst ").getFirst();
        // 500 wrong tokens from each of two addresses: five a minute each are checked (401), the rest refused unheard (429)
        assertThat(burst).containsEntry("other", "0").containsEntry("locked_address_good_token", "429");
        int checked = Integer.parseInt(burst.get("status_401"));
        if (Double.parseDouble(burst.get("seconds")) < 55) assertThat(checked).isEqualTo(10);
        else assertThat(checked).isBetween(10, 20);   // a burst longer than the minute's window gets five more per address
        assertThat(Integer.parseInt(burst.get("status_429"))).isEqualTo(1000 - checked);
        assertThat(Integer.parseInt(burst.get("good_requests"))).isPositive();
        assertThat(burst.get("good_ok")).isEqualTo(burst.get("good_requests"));
        assertThat(lines(out, "healthz ")).allSatisfy(h -> assertThat(h).containsEntry("failed", "0"));
        assertThat(out).contains("result=ok");
    }

    /** The driver's lines starting with {@code prefix}, as key=value maps. */
    private static List<Map<String, String>> lines(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).map(l -> {
            Map<String, String> m = new HashMap<>();
            for (String kv : l.split(" ")) {
                int eq = kv.indexOf('=');
                if (eq > 0) m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            return m;
        }).toList();
    }
}
