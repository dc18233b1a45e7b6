package io.pitcrew.server.access;

import io.pitcrew.config.Names;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.Thresholds;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.server.QuickServe;
import io.pitcrew.server.Serve;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token rate limit under a burst: many wrong tokens sent at the same instant from one address. Exactly the limit
 * of them may reach the token check (401); every other one is refused unheard (429). Each test guesses from its own
 * loopback address, since a burst locks its address out for a minute.
 */
class TokenGuessingRaceTest {

    static final int BURST = 100;

    @TempDir
    static Path dir;
    static Store store;
    static Serve serve;

    @BeforeAll
    static void start() {
        PitcrewConfig config = new PitcrewConfig(List.of(new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "a.example")),
                Names.defaults(), Thresholds.defaults(), Optional.empty());
        store = Store.open(dir.resolve("pitcrew.db"));
        serve = Serve.open(config, null, Doctor.loadRunbook(Optional.empty()), QuickServe.settings(), "race-test-token-0123456789", store);
    }

    @AfterAll
    static void stop() {
        if (serve != null) serve.close();
        if (store != null) store.close();
    }

    @Test
    void aBurstOfWrongLoginsLetsExactlyTheLimitThrough() throws Exception {
        Map<Integer, Integer> statuses = burst("127.0.0.5", i -> HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=wrong-" + i)).build());
        assertThat(statuses).as("status -> answers").isEqualTo(Map.of(401, FailedAttempts.LIMIT, 429, BURST - FailedAttempts.LIMIT));
    }

    @Test
    void aBurstOfWrongBearerTokensLetsExactlyTheLimitThrough() throws Exception {
        Map<Integer, Integer> statuses = burst("127.0.0.6", i -> HttpRequest.newBuilder(uri("/api/findings"))
                .header("Authorization", "Bearer wrong-" + i).GET().build());
        assertThat(statuses).as("status -> answers").isEqualTo(Map.of(401, FailedAttempts.LIMIT, 429, BURST - FailedAttempts.LIMIT));
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + serve.port() + path);
    }

    /** Sends BURST requests from {@code from}, all released at once; how many got which status. */
    private static Map<Integer, Integer> burst(String from, IntFunction<HttpRequest> request) throws Exception {
        Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
        CountDownLatch ready = new CountDownLatch(BURST);
        CountDownLatch go = new CountDownLatch(1);
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).localAddress(InetAddress.getByName(from))
                .connectTimeout(Duration.ofSeconds(30)).build();
             ExecutorService threads = Executors.newFixedThreadPool(BURST)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                HttpRequest r = request.apply(i);
                sent.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
                    counts.computeIfAbsent(answer.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            for (Future<?> f : sent) f.get(60, TimeUnit.SECONDS);
        }
        Map<Integer, Integer> out = new TreeMap<>();
        counts.forEach((status, n) -> out.put(status, n.get()));
        return out;
    }
}
